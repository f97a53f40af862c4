#!/usr/bin/env bash
# CLI checks outside `swift test`: docs/cli.md's generated help section matches `nntool help`.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product nntool
bash docs/update-cli-md.sh --check .build/debug/nntool
