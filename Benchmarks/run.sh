#!/usr/bin/env bash
# Runs nnkit's benchmarks (W1-W6, W8 and W9 of docs/benchmarks.md) and the named peers (FANN in C,
# numpy, onnxruntime, safetensors, Python json and orjson, pandas) in one run on this machine, writes the raw
# results to Benchmarks/results/ and prints a markdown table of figures and ratios.
#
#   bash Benchmarks/run.sh           the full run (about 10-15 minutes on 2 cores, after the build)
#   bash Benchmarks/run.sh --smoke   every workload tiny and fast: checks that everything builds
#                                    and runs (CI); its figures mean nothing
#
# It installs the peers if they are missing (apt-get: libfann-dev, hyperfine; pip: numpy,
# scikit-learn, onnx, onnxruntime, safetensors, orjson, threadpoolctl, pandas), builds nnbench in release
# with --static-swift-stdlib, installs nntool as users do (`make install PREFIX=<repo>/.build/prefix`:
# release, static executable) for the whole-process workloads (W6, whole-process W1, W9), and
# exports scikit-learn's digits once into Benchmarks/.cache/.
set -euo pipefail
cd "$(dirname "$0")"
BENCH=$PWD
ROOT=$(cd .. && pwd)

MODE=full
if [[ ${1:-} == --smoke ]]; then MODE=smoke; fi

say() { printf '+ %s\n' "$*" >&2; }

# --- Peers ---------------------------------------------------------------------------------
if ! dpkg -s libfann-dev >/dev/null 2>&1 || ! command -v hyperfine >/dev/null 2>&1; then
  say "apt-get install libfann-dev hyperfine"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends libfann-dev hyperfine >/dev/null
fi
if ! python3 -c 'import numpy, sklearn, onnx, onnxruntime, safetensors, orjson, threadpoolctl, pandas' \
  2>/dev/null; then
  say "pip install numpy scikit-learn onnx onnxruntime safetensors orjson threadpoolctl pandas"
  python3 -m pip install -q --disable-pip-version-check numpy scikit-learn onnx onnxruntime \
    safetensors orjson threadpoolctl pandas
fi

# --- Build -----------------------------------------------------------------------------------
PEERS_BIN=$BENCH/.build/peers
CACHE=$BENCH/.cache
RESULTS=$BENCH/results
mkdir -p "$PEERS_BIN" "$CACHE" "$RESULTS"
say "gcc peers/fann/*.c"
gcc -O2 -o "$PEERS_BIN/fann_bench" peers/fann/fann_bench.c -lfann -lm
gcc -O2 -DBENCH_DOUBLE -o "$PEERS_BIN/fann_bench_f64" peers/fann/fann_bench.c -ldoublefann -lm
gcc -O2 -o "$PEERS_BIN/fann_predict" peers/fann/fann_predict.c -lfann -lm
gcc -O2 -o "$PEERS_BIN/hello" peers/fann/hello.c
# The floor of the installed nntool's start: the Swift hello world linked the same way (a fully
# static executable; swifthello below is the --static-swift-stdlib build, dynamically linked).
swiftc -O -static-executable -o "$PEERS_BIN/swifthello-static" Sources/swifthello/main.swift \
  2>&1 | grep -v 'statically linked applications' >&2 || true

SWIFT_FLAGS=(-c release --static-swift-stdlib)
# SwiftPM caches the build plan of a path dependency and can miss source files added to the
# root package since the last build; dropping the cached plan makes it rescan (cheap).
rm -f .build/release.yaml
for product in nnbench swifthello; do
  say "swift build ${SWIFT_FLAGS[*]} --product $product"
  swift build "${SWIFT_FLAGS[@]}" --product "$product" 2>&1 | grep -vE 'warning: the use of .mktemp' \
    | tail -n 3 >&2
done
SWIFT_BIN=$(swift build "${SWIFT_FLAGS[@]}" --show-bin-path)
NNBENCH=$SWIFT_BIN/nnbench
# The whole-process workloads measure what users run: the tools `make install` builds and
# installs (scripts/install.sh). After CI's install check this is only a relink.
PREFIX=$ROOT/.build/prefix
say "make install PREFIX=$PREFIX"
make -C "$ROOT" install PREFIX="$PREFIX" 2>&1 | grep -vE 'warning: |statically linked applications' \
  | tail -n 2 >&2
NNTOOL=$PREFIX/bin/nntool
NNTOOL_BUILD="installed nntool (make install: release, static executable; $("$NNTOOL" --version --verbose | sed -n 's/^commit: //p'))"

say "python3 peers/python/prepare_data.py $CACHE"
python3 peers/python/prepare_data.py "$CACHE"
DIGITS=$CACHE/digits.f32
W5J=$CACHE/w5j_f64.bin

# --- Sizes -----------------------------------------------------------------------------------
if [[ $MODE == smoke ]]; then
  REPS=1 FAST_REPS=3 W1_EPOCHS=10 W2_EPOCHS=1 W3_SAMPLES=640 W4_ITERATIONS=10000
  W5_SIZES=1000000 W8_SIZES=100000 RUNS=3 WARMUP=1 ROUNDS=1 W9_ROWS=2000
else
  REPS=5 FAST_REPS=21 W1_EPOCHS=1000 W2_EPOCHS=20 W3_SAMPLES=10000 W4_ITERATIONS=5000000
  W5_SIZES=1000000,10000000,100000000 W8_SIZES=100000000 RUNS=40 WARMUP=5 ROUNDS=${ROUNDS:-3} W9_ROWS=500000
fi
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$RESULTS/run-$MODE-$STAMP.jsonl
: >"$OUT"
# numpy is measured with the BLAS it picks by itself (see /work/.library note: these variables
# slow a current OpenBLAS); unset only for the peers' commands.
# nnkit runs on one thread; numpy's OpenBLAS uses both cores by default, and is also run on one
# (OPENBLAS_NUM_THREADS=1, reported as numpy-1t). The real interpreter, not pyenv's shim script.
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
PY=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PYTHON")
PY1=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 BENCH_IMPL_SUFFIX=-1t
  "$PYTHON")
export PYTHONPATH=$BENCH/peers/python

record() {
  say "$*"
  "$@" >>"$OUT"
}

# hyperfine_case WORKLOAD CASE IMPL=NOTE COMMANDS...: NOTE (which build ran) goes into IMPL's note.
hyperfine_case() {
  local workload=$1 name=$2 note=$3
  shift 3
  local json=$CACHE/hyperfine.json
  say "hyperfine $workload ($name)"
  hyperfine -N --style none --warmup "$WARMUP" --runs "$RUNS" --export-json "$json" "$@" \
    >/dev/null
  python3 peers/hyperfine_results.py "$json" "$workload" "$name" "$note" >>"$OUT"
}
"$NNBENCH" save-tutorial --out "$CACHE/tutorial.nnm"
printf 'weight,height,gender\n133,65,F\n160,72,M\n152,70,M\n120,60,F\n' >"$CACHE/tutorial.csv"
# W9: W9_ROWS rows of 20 features and a target (89 MB at 500,000), and a 20-8-1 model trained
# on its first 2,000 rows for nntool eval to run.
W9_CSV=$CACHE/w9-$W9_ROWS.csv
if [[ ! -s $W9_CSV ]]; then
  say "python3 peers/python/w9_csv.py generate $W9_CSV $W9_ROWS"
  python3 peers/python/w9_csv.py generate "$W9_CSV.tmp" "$W9_ROWS" && mv "$W9_CSV.tmp" "$W9_CSV"
fi
head -n 2001 "$W9_CSV" >"$CACHE/w9-train.csv"
"$NNTOOL" train --data "$CACHE/w9-train.csv" --target y --hidden 8 --epochs 5 --quiet \
  --out "$CACHE/w9.nnm"
W9_CASE="read CSV $W9_ROWS×21"

# Every workload runs once per round; the report takes each figure's median over the rounds, so
# that a burst of load from elsewhere on the machine skews one round, not the result.
for ((round = 1; round <= ROUNDS; round++)); do
  say "round $round of $ROUNDS"
  # --- W1: tutorial 2-2-1 training, in-process ---
  record "$PEERS_BIN/fann_bench" w1 "$FAST_REPS" "$W1_EPOCHS" "$CACHE/tutorial.net"
  record "$PEERS_BIN/fann_bench_f64" w1 "$FAST_REPS" "$W1_EPOCHS"
  record "${PY[@]}" peers/python/numpy_w1.py "$REPS" "$W1_EPOCHS"
  record "$NNBENCH" w1 --reps "$FAST_REPS" --epochs "$W1_EPOCHS"

  # --- W2: digits 64-32-10 ---
  record "$PEERS_BIN/fann_bench" w2 "$DIGITS" "$REPS" "$W2_EPOCHS"
  record "${PY[@]}" peers/python/numpy_w2.py "$DIGITS" 1 "$REPS" "$W2_EPOCHS"
  record "${PY[@]}" peers/python/numpy_w2.py "$DIGITS" 32 "$REPS" "$W2_EPOCHS"
  record "${PY1[@]}" peers/python/numpy_w2.py "$DIGITS" 32 "$REPS" "$W2_EPOCHS"
  record "$NNBENCH" w2 --data "$DIGITS" --reps "$REPS" --epochs "$W2_EPOCHS"
  record env NNKIT_THREADS=1 BENCH_IMPL_SUFFIX=-1t "$NNBENCH" w2 --data "$DIGITS" --reps "$REPS" \
    --epochs "$W2_EPOCHS"

  # --- W3: 784-256-128-10 training ---
  record "${PY[@]}" peers/python/numpy_w3.py "$REPS" "$W3_SAMPLES"
  record "${PY1[@]}" peers/python/numpy_w3.py "$REPS" "$W3_SAMPLES"
  record "$NNBENCH" w3 --reps "$REPS" --samples "$W3_SAMPLES"
  record env NNKIT_THREADS=1 BENCH_IMPL_SUFFIX=-1t "$NNBENCH" w3 --reps "$REPS" \
    --samples "$W3_SAMPLES"

  # --- W4: feedforward ---
  record "$PEERS_BIN/fann_bench" w4 "$FAST_REPS" "$W4_ITERATIONS"
  record "${PY[@]}" peers/python/w4_feedforward.py "$FAST_REPS"
  record "${PY1[@]}" peers/python/w4_feedforward.py "$FAST_REPS" numpy
  record "$NNBENCH" w4 --reps "$FAST_REPS"
  record env NNKIT_THREADS=1 BENCH_IMPL_SUFFIX=-1t "$NNBENCH" w4 --reps "$FAST_REPS"

  # --- W5 / W5j: model I/O ---
  record "${PY[@]}" peers/python/w5_io.py "$CACHE/w5" "$REPS" "$W5_SIZES" "$W5J"
  record "$NNBENCH" w5 --dir "$CACHE/w5" --reps "$REPS" --sizes "$W5_SIZES"
  record "$NNBENCH" w5j --data "$W5J" --reps "$REPS"
  rm -rf "$CACHE/w5"

  # --- W8: ONNX and safetensors export/import; the peers read the files nnbench wrote ---
  record "$NNBENCH" w8 --dir "$CACHE/w8" --reps "$REPS" --sizes "$W8_SIZES"
  record "${PY[@]}" peers/python/w8_interop.py "$CACHE/w8" "$REPS" "$W8_SIZES"
  rm -rf "$CACHE/w8"

  # --- W6 and whole-process W1 (hyperfine) ---
  # The same 2-2-1 network for both: FANN's net file from its W1 run above, nnkit's model file
  # written by nnbench after the same training.
  hyperfine_case W6 "load 2-2-1 + one query" "nnkit=$NNTOOL_BUILD" \
    -n nnkit "$NNTOOL predict $CACHE/tutorial.nnm --input 128,63" \
    -n fann "$PEERS_BIN/fann_predict $CACHE/tutorial.net -7 -3" \
    -n "C hello" "$PEERS_BIN/hello" \
    -n "Swift hello" "$SWIFT_BIN/swifthello" \
    -n "Swift hello, static" "$PEERS_BIN/swifthello-static" \
    -n "python -c pass" "$PYTHON -c pass" \
    -n "python import numpy" "$PYTHON -c 'import numpy'"
  # Both programs train 4,000 steps and write the trained network (nntool: atomically, with fsync).
  # --- W9: reading CSV; the three processes interleaved, each timed whole and its peak RSS ---
  record python3 peers/measure_process.py W9 "$W9_CASE" nnkit \
    --also-as "read CSV, in-process (no import)" --note "$NNTOOL_BUILD" -- \
    "$NNTOOL" eval "$CACHE/w9.nnm" --data "$W9_CSV"
  record python3 peers/measure_process.py W9 "$W9_CASE" pandas -- \
    "${PY[@]}" peers/python/w9_csv.py read "$W9_CSV" pandas
  record python3 peers/measure_process.py W9 "$W9_CASE" numpy -- \
    "${PY[@]}" peers/python/w9_csv.py read "$W9_CSV" numpy
  record "$NNBENCH" w9 --data "$W9_CSV" --reps "$REPS"

  # --- REPL: a typed query and :set on 784-256-128-10 (nnkit alone: new path and old path) ---
  record "$NNBENCH" repl --reps "$REPS"

  hyperfine_case W1 "train 2-2-1, whole process" "nnkit=$NNTOOL_BUILD" \
    -n nnkit "$NNTOOL train --data $CACHE/tutorial.csv --target gender --positive F --hidden 2 --loss mse --lr 0.1 --epochs 1000 --batch-size 1 --no-shuffle --normalize shift --quiet --out $CACHE/trained.nnm" \
    -n fann "$PEERS_BIN/fann_bench w1-once $CACHE/trained.net"
done

# --- Report ----------------------------------------------------------------------------------------
{
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores;" \
    "$(swift --version 2>&1 | head -n 1);" \
    "FANN $(dpkg-query -W -f='${Version}' libfann-dev);" \
    "$(python3 -c 'import numpy, onnxruntime, safetensors, orjson, sys; print(f"Python {sys.version.split()[0]}, numpy {numpy.__version__}, onnxruntime {onnxruntime.__version__}, safetensors {safetensors.__version__}, orjson {orjson.__version__}")')."
  echo "Mode: $MODE, $ROUNDS round(s); raw results: results/$(basename "$OUT")."
  echo "Whole-process workloads (W6, W1 whole process, W9): $NNTOOL_BUILD."
  echo
  python3 report.py "$OUT" $([[ $MODE == smoke ]] && echo --smoke)
} >"$RESULTS/report-$MODE.md"
cat "$RESULTS/report-$MODE.md"
