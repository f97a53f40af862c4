#!/usr/bin/env bash
# CI: builds the benchmark harness and runs every workload and peer once, tiny and fast
# (Benchmarks/run.sh --smoke). It checks that the benchmarks build and run; no timing is judged.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Benchmarks/run.sh --smoke
