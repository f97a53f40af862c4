#!/usr/bin/env bash
# Rebuilds the committed seed corpus from the golden vectors (formats/vectors) and the sample
# models (samples/): every binary file, valid or not, seeds FuzzBinary; every JSON file seeds
# FuzzJSON. The invalid vectors are useful seeds: each is one step away from a valid file
# along a different check.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf corpus/binary corpus/json
mkdir -p corpus/binary corpus/json
for kind in valid invalid; do
  for file in ../formats/vectors/$kind/*.nnm; do cp "$file" "corpus/binary/$kind-$(basename "$file")"; done
  for file in ../formats/vectors/$kind/*.json; do cp "$file" "corpus/json/$kind-$(basename "$file")"; done
done
# The sample models: real trained networks with provenance and loss histories.
for file in ../samples/*.nnm; do cp "$file" "corpus/binary/sample-$(basename "$file")"; done
for file in ../samples/*.json; do cp "$file" "corpus/json/sample-$(basename "$file")"; done
echo "seed corpus: $(ls corpus/binary | wc -l) binary, $(ls corpus/json | wc -l) JSON files"
