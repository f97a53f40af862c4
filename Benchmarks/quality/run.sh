#!/usr/bin/env bash
# Model quality of nntool's defaults against scikit-learn's MLP defaults, on the data sets
# scikit-learn ships (no download), same splits, same run (docs/benchmarks.md, "Model quality").
#
#   bash Benchmarks/quality/run.sh            the table: 5 seeds per data set (a few minutes)
#   bash Benchmarks/quality/run.sh --sweep    the candidate defaults, scored on a validation
#                                             split of each training set (how they were chosen)
#   bash Benchmarks/quality/run.sh --smoke    one seed (CI: checks that the harness runs; the
#                                             figures of one seed are not the table's)
#
# Installs scikit-learn into Benchmarks/.cache/quality-venv if python3 cannot import it, builds
# nntool in release, and writes the raw numbers to Benchmarks/results/quality*.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

PYTHON=python3
if ! python3 -c 'import sklearn' 2>/dev/null; then
  VENV=$ROOT/Benchmarks/.cache/quality-venv
  if [[ ! -x $VENV/bin/python ]]; then
    if ! python3 -m venv "$VENV" 2>/dev/null; then  # Debian splits venv out
      apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
      python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install --quiet scikit-learn
  fi
  PYTHON=$VENV/bin/python
fi

swift build -c release --product nntool >&2
NNTOOL="$(swift build -c release --show-bin-path)/nntool"
mkdir -p Benchmarks/results
# One thread for the BLAS under scikit-learn: on a small shared machine more threads only
# oversubscribe the cores and make its times noise.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
stamp=$(date -u +%Y%m%dT%H%M%SZ)
if [[ ${1:-} == --smoke ]]; then
  "$PYTHON" Benchmarks/quality/quality.py "$NNTOOL" --seeds 1
elif [[ ${1:-} == --sweep ]]; then
  "$PYTHON" Benchmarks/quality/quality.py "$NNTOOL" --sweep --seeds 3 \
    --json "Benchmarks/results/quality-sweep-$stamp.json"
else
  "$PYTHON" Benchmarks/quality/quality.py "$NNTOOL" --seeds 5 \
    --json "Benchmarks/results/quality-$stamp.json"
fi
