"""Runs one command as a child process and prints its wall time and peak resident memory as
result lines (and passes on any result lines the command printed itself).

  measure_process.py WORKLOAD CASE IMPL [--also-as CASE2] [--note TEXT] -- COMMAND...

Prints `CASE, whole process` (wall seconds), `CASE, CPU time (user + system)` (seconds, steadier
than wall time on a loaded machine) and `CASE, peak memory` (MB, the child's maximum resident
set size from getrusage); with --also-as, the whole-process time once more under
CASE2 (so nnkit's whole process stands beside the peers' in-process figures); --note adds TEXT
(say, which build ran) to every line's note. Each measurement needs a fresh measure_process.py: the
children's peak is per process tree. The CPU time includes what the forked child spends before
it execs (about 0.05 s here, the same for every implementation)."""

import json
import os
import resource
import subprocess
import sys
import time


def main():
    workload, case, impl = sys.argv[1:4]
    options = sys.argv[4:sys.argv.index("--")]
    also = options[options.index("--also-as") + 1] if "--also-as" in options else None
    extra = options[options.index("--note") + 1] if "--note" in options else ""
    command = sys.argv[sys.argv.index("--") + 1:]
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        sys.exit(f"measure_process.py: {command[0]} exited {done.returncode}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024
    impl += os.environ.get("BENCH_IMPL_SUFFIX", "")
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            print(line)
    figures = [(case + ", whole process", seconds, "s", ""),
               (case + ", CPU time (user + system)", usage.ru_utime + usage.ru_stime, "s", ""),
               (case + ", peak memory", peak_mb, "MB", "")]
    if also:
        figures.append((also, seconds, "s", "the whole process"))
    for name, value, unit, note in figures:
        note = "; ".join(part for part in (note, extra) if part)
        print(json.dumps({"workload": workload, "case": name, "impl": impl, "value": value,
                          "unit": unit, "better": "lower", "reps": 1, "note": note}))


if __name__ == "__main__":
    main()
