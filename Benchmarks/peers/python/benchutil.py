"""Shared helpers for the Python peers: timing with medians, and one JSON object per result."""

import json
import os
import statistics
import sys
import time


def median_seconds(function, reps, setup=None):
    """Runs `function` `reps` times (after `setup`, untimed, if given) and returns the median
    wall time in seconds."""
    times = []
    for _ in range(reps):
        state = setup() if setup else None
        start = time.perf_counter()
        function(state) if setup else function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def emit(workload, case, impl, value, unit, better, reps, note=""):
    """Prints one result line in the format every peer and the Swift harness share.
    BENCH_IMPL_SUFFIX (e.g. "-1t" for a run with OPENBLAS_NUM_THREADS=1) is appended to `impl`."""
    impl += os.environ.get("BENCH_IMPL_SUFFIX", "")
    print(json.dumps({"workload": workload, "case": case, "impl": impl, "value": value,
                      "unit": unit, "better": better, "reps": reps, "note": note}))
    sys.stdout.flush()


def blas_note():
    """Which BLAS numpy runs and with how many threads (threadpoolctl), for the notes."""
    try:
        from threadpoolctl import threadpool_info
        info = [f"{p.get('internal_api')} {p.get('architecture')} {p.get('num_threads')}t"
                for p in threadpool_info() if p.get("user_api") == "blas"]
        return ", ".join(info)
    except Exception:  # threadpoolctl is optional
        return ""
