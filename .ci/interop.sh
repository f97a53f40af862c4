#!/usr/bin/env bash
# Interop with the Python world (issue 9's acceptance): every sample model and randomized
# models (every activation, depth 0-4, f32 and f64) exported to ONNX and safetensors must
# pass onnx.checker (full_check), run in onnxruntime and load with the safetensors package to
# the same numbers as `nntool predict --json`; graphs laid out the way PyTorch's exporter,
# tf2onnx and skl2onnx write them, and a real skl2onnx MLPClassifier, must import and predict
# what onnxruntime predicts. The checks themselves are in .ci/interop_check.py.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(onnx onnxruntime safetensors numpy scikit-learn skl2onnx)
if ! python3 -m pip --version >/dev/null 2>&1; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq --no-install-recommends python3 python3-pip >/dev/null
  fi
fi
python3 -m pip install --quiet "${packages[@]}" ||
  python3 -m pip install --quiet --break-system-packages "${packages[@]}"

swift build --product nntool
nntool="$(swift build --show-bin-path)/nntool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 .ci/interop_check.py "$nntool" "$work"
