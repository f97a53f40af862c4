#!/usr/bin/env bash
# Format 1.1's promise to 1.0 readers (formats/nnm-v1.md §9): a file with output normalization
# must be refused by a 1.0 reader, with a message naming the version, never misread. The 1.0
# reader here is the independent Python reader frozen as it was for format 1.0
# (formats/compat/nnm_read_1_0.py, from commit 0024c4a); the Swift 1.0 code path is checked in
# Tests/NNModelTests/Version11Tests.swift. Files that only add the validation-loss history
# stay readable by it.
set -euo pipefail
cd "$(dirname "$0")/.."

old=formats/compat/nnm_read_1_0.py
if output=$(python3 "$old" formats/vectors/valid/output-normalization.nnm 2>&1); then
  echo "FAIL: the 1.0 reader accepts a file with output normalization"; exit 1
fi
case "$output" in
  *"(v1.1) is required [unknown-required-section]"*) echo "ok   1.0 reader refuses: $output" ;;
  *) echo "FAIL: unexpected refusal: $output"; exit 1 ;;
esac
# Every 1.0 vector still reads with the 1.0 reader, and gives the same text as the 1.1 reader.
for file in formats/vectors/valid/*.nnm; do
  case "$file" in *output-normalization*) continue ;; esac
  python3 "$old" "$file" | cmp - <(python3 formats/nnm_read.py "$file")
done
echo "ok   the 1.0 vectors read the same with both readers"
