#!/usr/bin/env bash
# docs/architecture.md matches the package: every target in its diagram, every dependency
# between targets in the module table, every source file it names present (.ci/architecture.py).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v python3 >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends python3 >/dev/null
fi
swift package dump-package | python3 .ci/architecture.py
