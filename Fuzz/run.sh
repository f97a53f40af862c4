#!/usr/bin/env bash
# Builds the libFuzzer targets (with AddressSanitizer) and runs each for N seconds.
#
#   Fuzz/run.sh [seconds per target, default 60] [target ...]
#   (targets: FuzzBinary FuzzJSON FuzzCSV FuzzONNX FuzzSafetensors FuzzReplLine)
#
# Exits non-zero on any crash, broken invariant, leak, timeout or out-of-memory; the input
# that did it is saved as Fuzz/.build/artifacts/<target>-crash-… (or leak-, timeout-, oom-).
# Inputs that reach new code are kept in Fuzz/.build/fuzz-corpus/<target> between runs; the
# committed seeds in Fuzz/corpus are read but never written.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzBinary FuzzJSON FuzzCSV FuzzONNX FuzzSafetensors FuzzReplLine)

# SwiftPM names a path dependency after its directory: a checkout directory called "fuzz"
# would collide with this package's own identity.
root_name=$(basename "$(cd .. && pwd -P)")
if [ "${root_name,,}" = fuzz ]; then
  echo "run.sh: the repository's directory is named '$root_name', which SwiftPM confuses" \
    "with Fuzz/; clone or move it under another name" >&2
  exit 2
fi

# Let libFuzzer, not the Swift runtime's backtracer, handle the crash signal.
export SWIFT_BACKTRACE=enable=no

# Newer tools versions make SwiftPM rename the entry point (see Package.swift).
flags=(-c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
# The C code of CChecksum (CRC-32C) and CNumbers (number parsing) gets coverage and ASan too.
flags+=(-Xcc -fsanitize=fuzzer-no-link,address)
# (ld.gold warns about every ASan helper symbol it cannot export; the warnings are harmless.)
if ! swift build "${flags[@]}" 2>&1 | { grep -v "Cannot export local symbol '__asan" || true; }; then
  echo "run.sh: the build failed" >&2
  exit 1
fi
bin=$(swift build "${flags[@]}" --show-bin-path)

mkdir -p .build/artifacts
status=0
for target in "${targets[@]}"; do
  case $target in
    FuzzBinary) seeds=corpus/binary dict=dict/binary.dict ;;
    FuzzJSON) seeds=corpus/json dict=dict/json.dict ;;
    FuzzCSV) seeds=corpus/csv dict=dict/csv.dict ;;
    FuzzONNX) seeds=corpus/onnx dict=dict/onnx.dict ;;
    FuzzSafetensors) seeds=corpus/safetensors dict=dict/safetensors.dict ;;
    FuzzReplLine) seeds=corpus/repl dict=dict/repl.dict ;;
    *) echo "run.sh: unknown target $target" >&2; exit 2 ;;
  esac
  work=.build/fuzz-corpus/$target
  mkdir -p "$work"
  echo "== $target: ${seconds}s"
  # -malloc_limit_mb: no input of at most max_len bytes justifies a 256 MiB allocation.
  if ! "$bin/$target" "$work" "$seeds" \
    -dict="$dict" \
    -max_total_time="$seconds" \
    -max_len=65536 \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -malloc_limit_mb=256 \
    -detect_leaks=1 \
    -print_final_stats=1 \
    -artifact_prefix=".build/artifacts/$target-" \
    2> ".build/artifacts/$target.log"; then
    status=1
    echo "FAIL $target: see Fuzz/.build/artifacts/$target.log" >&2
    grep -E 'ERROR|SUMMARY|fatal error|invariant|Test unit written|artifact' \
      ".build/artifacts/$target.log" | head -20 >&2 || true
  else
    grep -E '^stat::number_of_executed_units|^Done' ".build/artifacts/$target.log" || true
  fi
done
exit $status
