#!/usr/bin/env bash
# Replays FuzzBinary's corpus (the committed seeds and what run.sh found) through the Swift
# reader, saving every input with its verdict, and compares with formats/nnm_read.py.
#
#   Fuzz/differential.sh [corpus dir ...]   (default: corpus/binary .build/fuzz-corpus/FuzzBinary)
set -euo pipefail
cd "$(dirname "$0")"
export SWIFT_BACKTRACE=enable=no
flags=(-c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
# The C code of CChecksum (CRC-32C, number parsing) gets coverage and AddressSanitizer too.
flags+=(-Xcc -fsanitize=fuzzer-no-link,address)
if ! swift build "${flags[@]}" 2>&1 | { grep -v "Cannot export local symbol '__asan" || true; }; then
  echo "differential.sh: the build failed" >&2
  exit 1
fi
bin=$(swift build "${flags[@]}" --show-bin-path)
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(corpus/binary .build/fuzz-corpus/FuzzBinary)
twins=.build/twins
rm -rf "$twins"
mkdir -p "$twins"
# -runs=0: run every corpus input once (FuzzBinary also runs its checksum-repaired twin).
for dir in "${dirs[@]}"; do
  [ -d "$dir" ] || continue
  NNM_FUZZ_TWIN_DIR=$twins "$bin/FuzzBinary" -runs=0 "$dir" 2> "$twins.log" ||
    { echo "differential.sh: FuzzBinary failed on $dir, see Fuzz/$twins.log" >&2; exit 1; }
done
python3 differential.py "$twins"
