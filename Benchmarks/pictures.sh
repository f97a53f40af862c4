#!/usr/bin/env bash
# Pictures benchmark (issue 11): time and peak memory of `nntool draw` on a 784-256-128-10
# model and of `nntool plot --boundary` on a 100,000-row CSV file, whole process.
#
#   bash Benchmarks/pictures.sh           release build, 100,000 rows, 5 runs each
#   bash Benchmarks/pictures.sh --smoke   debug build, 2,000 rows, one run: checks it runs (CI)
#
# Prints one markdown table row per case: median wall time and peak resident memory
# (GNU time's maximum RSS). There is no named peer for drawing; the figures are absolute.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=full
if [[ ${1:-} == --smoke ]]; then MODE=smoke; fi
if [[ $MODE == full ]]; then
  ROWS=100000 RUNS=5 CONFIG=(-c release)
else
  ROWS=2000 RUNS=1 CONFIG=()
fi
if [[ ! -x /usr/bin/time ]]; then  # GNU time, for the peak memory
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends time >/dev/null
fi
swift build "${CONFIG[@]}" --product nntool >&2
NNTOOL="$(swift build "${CONFIG[@]}" --show-bin-path)/nntool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 Benchmarks/random_model.py 784-256-128-10 "$work/w3.json"
python3 - "$work" "$ROWS" <<'PY'
import random, sys
work, rows = sys.argv[1], int(sys.argv[2])
random.seed(1)
with open(f"{work}/people.csv", "w") as out:
    out.write("weight_lb,height_in,gender\n")
    for _ in range(rows):
        female = random.random() < 0.5
        weight = random.gauss(135 if female else 165, 15)
        height = random.gauss(64 if female else 70, 3)
        out.write(f"{weight:.1f},{height:.1f},{'F' if female else 'M'}\n")
PY
"$NNTOOL" convert "$work/w3.json" "$work/w3.nnm" >&2

measure() {
  local name=$1
  shift
  local times=() peaks=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null
    read -r seconds kilobytes <"$work/time.txt"
    times+=("$seconds")
    peaks+=("$kilobytes")
  done
  python3 - "$name" "${times[*]}" "${peaks[*]}" "$MODE" <<'PY'
import statistics, sys
name, times, peaks, mode = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4]
seconds = statistics.median(float(t) for t in times)
megabytes = max(int(k) for k in peaks) / 1024
print(f"| {name} | {seconds * 1000:.0f} ms | {megabytes:.0f} MB | {len(times)} ({mode}) |")
PY
}

echo "| case | median wall time | peak memory | runs |"
echo "|---|---|---|---|"
measure "draw 784-256-128-10 (3.2 MB .nnm)" \
  "$NNTOOL" draw "$work/w3.nnm" --out "$work/w3.svg"
measure "plot --boundary, $ROWS-row CSV" \
  "$NNTOOL" plot samples/gender.nnm --boundary --data "$work/people.csv" --out "$work/map.svg"
measure "report, $ROWS-row CSV (evaluation + map)" \
  "$NNTOOL" report samples/gender.nnm --data "$work/people.csv" --out "$work/report.html"
ls -l "$work"/*.svg "$work"/*.html | awk '{print "  " $5 " bytes  " $9}' >&2
