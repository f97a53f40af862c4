#!/usr/bin/env bash
# The pictures (issue 11), checked the way a user sees them: every SVG nntool writes is
# well-formed (xmllint), renders with rsvg-convert to a PNG that is not blank, and comes out
# byte for byte the same when drawn twice; the HTML report opens in headless Chromium with
# no request leaving the file, and its screenshot is not blank.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# fonts-dejavu-core: a sans-serif font for the renderers, so text is drawn as on a desktop.
apt-get install -y -qq --no-install-recommends librsvg2-bin libxml2-utils chromium python3 time \
  fonts-dejavu-core \
  >/dev/null
swift build --product nntool >&2
nntool="$(swift build --show-bin-path)/nntool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp samples/*.nnm samples/*.csv "$work/"
cd "$work"

# A 64-32-10 network (thinned drawing) and a two-input regression model (heat map).
python3 "$OLDPWD/Benchmarks/random_model.py" 64-32-10 digits.json
python3 - <<'PY'
import random
random.seed(1)
with open("area.csv", "w") as out:
    out.write("width_m,length_m,area_m2\n")
    for i in range(200):
        w, l = random.uniform(1, 10), random.uniform(1, 20)
        out.write(f"{w:.3f},{l:.3f},{w * l:.3f}\n")
PY
"$nntool" train --data area.csv --target area_m2 --hidden 8 --epochs 200 --seed 1 --quiet \
  --out area.nnm

draw_all() {
  local out=$1
  mkdir -p "$out"
  "$nntool" draw gender.nnm --out "$out/gender-network.svg"
  "$nntool" draw gender.nnm --input 128,63 --out "$out/gender-emily.svg"
  "$nntool" plot gender.nnm --out "$out/gender-loss.svg"
  "$nntool" plot gender.nnm --log --out "$out/gender-loss-log.svg"
  "$nntool" plot gender.nnm --boundary --data people.csv --label name --out "$out/gender-map.svg"
  "$nntool" plot gender.nnm --boundary --out "$out/gender-map-nodata.svg"
  "$nntool" draw iris.nnm --out "$out/iris-network.svg"
  "$nntool" plot iris.nnm --boundary --data iris.csv --x petal_length_cm --y petal_width_cm \
    --out "$out/iris-map.svg"
  "$nntool" plot xor.nnm --boundary --data xor.csv --out "$out/xor-map.svg"
  "$nntool" draw digits.json --out "$out/digits-network.svg"
  "$nntool" plot area.nnm --boundary --data area.csv --out "$out/area-map.svg"
  "$nntool" report gender.nnm --data people.csv --label name --out "$out/gender-report.html"
  "$nntool" report iris.nnm --data iris.csv --x petal_length_cm --y petal_width_cm \
    --out "$out/iris-report.html"
}
draw_all first
draw_all second
diff -r first second
echo "pictures.sh: the same commands twice gave the same bytes"

for svg in first/*.svg; do
  xmllint --noout "$svg"
  rsvg-convert --format=png --output="${svg%.svg}.png" "$svg"
done
python3 "$OLDPWD/.ci/png_check.py" first/*.png

# Chromium with every host name unresolvable, logging its network activity. The browser
# calls home by itself (updates, accounts) whatever the page; the page's own requests are
# the ones made for the file:// site (their network isolation key), and there must be none
# but the file itself.
browse() {
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-extensions --disable-default-apps --user-data-dir="$PWD/chromium-profile" \
    --host-resolver-rules="MAP * ~NOTFOUND" --log-net-log="$2" \
    --window-size=1100,2600 --screenshot="$3" "file://$PWD/$1" 2>/dev/null
}
page_requests() {
  python3 - "$1" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
urls = sorted({
    event["params"]["url"] for event in log["events"]
    if event["type"] == start
    and event.get("params", {}).get("network_isolation_key", "").startswith("file://")
    and not event["params"]["url"].startswith(("file:", "data:"))})
if urls:
    raise SystemExit(f"{sys.argv[1]}: the page requested {urls}")
print(f"{sys.argv[1]}: the page requested nothing outside the file")
PY
}
# The check must catch a page that fetches something.
printf '<!DOCTYPE html><html><body><img src="http://example.com/a.png" alt=""></body></html>\n' \
  >fetching.html
browse fetching.html fetching.netlog.json fetching.png
if page_requests fetching.netlog.json 2>/dev/null; then
  echo "pictures.sh: the request check missed a page's <img src=http://…>" >&2
  exit 1
fi
for html in first/*.html; do
  # Nothing in the page may point outside it: no URL (the SVG namespace is not written in
  # HTML), no script, no linked style sheet, font or image.
  if grep -Eno 'https?://|src=|url\(|<script|<link|@import|<iframe|<object' "$html"; then
    echo "pictures.sh: $html refers to something outside the file (above)" >&2
    exit 1
  fi
  browse "$html" "${html%.html}.netlog.json" "${html%.html}.png"
  page_requests "${html%.html}.netlog.json"
  python3 "$OLDPWD/.ci/png_check.py" "${html%.html}.png"
done
echo "pictures.sh: every SVG well-formed and drawn; every report self-contained and drawn"

# The pictures benchmark in its smoke mode: builds and runs, timing not judged.
cd "$OLDPWD"
bash Benchmarks/pictures.sh --smoke
