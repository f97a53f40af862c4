#!/usr/bin/env bash
# Builds and runs the example packages of Examples/ (each depends on this package by path):
# ReadWriteModel on its own tutorial network, then on a binary and a JSON golden vector;
# TrainModel (docs/library.md).
set -euo pipefail
cd "$(dirname "$0")/../Examples/ReadWriteModel"
swift build
bin=$(swift build --show-bin-path)/ReadWriteModel
"$bin"
"$bin" ../../formats/vectors/valid/multiclass.nnm
"$bin" ../../formats/vectors/valid/f32.json 128 63
# A damaged file must be refused with a non-zero exit.
if "$bin" ../../formats/vectors/invalid/section-checksum.nnm; then
  echo "examples.sh: ReadWriteModel accepted a damaged file" >&2
  exit 1
fi

# TrainModel: the tutorial in code (build, differentiate, train, write, read back, predict);
# it exits 1 unless Emily is F and Frank is M.
cd ../TrainModel
swift build
"$(swift build --show-bin-path)/TrainModel"

# docs/library.md, snippets and manifest as written, built as a new package and run.
bash ../library-guide.sh

# InteropModel: ONNX and safetensors out and back (the same model), then a PyTorch-style state
# dict in (docs/library.md, docs/interop.md); it exits non-zero unless both hold.
cd ../InteropModel
swift build
"$(swift build --show-bin-path)/InteropModel" ../../samples/gender.nnm ../../docs/examples/iris-mlp.safetensors
