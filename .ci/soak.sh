#!/usr/bin/env bash
# Soak and fault tests on the built tools (docs/reliability.md): the REPL fed thousands of
# random and hostile lines, nntool given random argument vectors and hostile files, kill -9 at
# random moments of writers, two writers racing with eager and mapped readers, a full disk.
# Every child runs under an address-space limit and a timeout. About two minutes; prints one
# FIGURES line per test. SOAK_SEED changes the random choices; SOAK_CSV_ENDLESS=0 keeps
# endless devices away from the CSV inputs.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v python3 >/dev/null; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 >/dev/null
fi
swift build 2>&1 | tail -1
timeout 600 python3 .ci/soak.py "$(swift build --show-bin-path)"
