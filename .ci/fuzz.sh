#!/usr/bin/env bash
# Hostile input: builds the libFuzzer targets of Fuzz/ (binary and JSON readers, the REPL's
# line parser) with AddressSanitizer and runs each for 60 seconds from the committed seed corpus; fails on any crash, broken round trip, leak,
# timeout or oversized allocation.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Fuzz/run.sh 60
