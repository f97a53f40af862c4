"""Shared helpers for the Python peers: timing with medians, size labels, and one JSON object per
result."""

import json
import os
import statistics
import sys
import time

# The clock: wall time, or with BENCH_CLOCK=cpu the process's CPU time (user + system), as
# nnbench does (docs/benchmarks.md, W5j: for single-threaded peers on a shared machine).
CLOCK = time.process_time if os.environ.get("BENCH_CLOCK") == "cpu" else time.perf_counter


def median_seconds(function, reps, setup=None):
    """Runs `function` `reps` times (after `setup`, untimed, if given) and returns the median
    wall time in seconds."""
    times = []
    for _ in range(reps):
        state = setup() if setup else None
        start = CLOCK()
        function(state) if setup else function()
        times.append(CLOCK() - start)
    return statistics.median(times)


def median_time(function, reps):
    """Median seconds of `function()` (the upper middle one for an even `reps`); its result is
    kept until the next repetition's clock has stopped, so freeing it is not timed (as in the
    Swift harness). For the model I/O peers (W5, W8), whose results are large arrays."""
    times = []
    kept = None
    for _ in range(reps):
        kept = None
        start = CLOCK()
        kept = function()
        times.append(CLOCK() - start)
    del kept
    times.sort()
    return times[len(times) // 2]


def size_label(count):
    """A parameter count as the cases name it: 1M, 10M, 100M, or thousands (250k)."""
    return f"{count // 1_000_000}M" if count >= 1_000_000 else f"{count // 1000}k"


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
