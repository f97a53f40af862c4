#!/usr/bin/env bash
# The model-quality harness (Benchmarks/quality, docs/benchmarks.md "Model quality") runs end
# to end with one seed: nntool train/eval with the defaults against scikit-learn's MLP on the
# data sets scikit-learn ships. It checks that the harness works; the table's figures come
# from the full run (5 seeds), not from here. About 3 minutes (release build, scikit-learn).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Benchmarks/quality/run.sh --smoke
