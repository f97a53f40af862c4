#!/usr/bin/env bash
# Builds docs/library.md as a user would: a new package whose Package.swift is the page's
# (with its path pointed at this checkout) and whose main.swift is every other Swift snippet of
# the page, in order. Then runs it in a scratch folder holding samples/ and checks what it
# printed. Usage: Examples/library-guide.sh   (CI: .ci/examples.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
package="$work/MyApp"
mkdir -p "$package/Sources/MyApp" "$work/run"

# The ```swift blocks of the page: the one that starts with the tools version is the manifest.
awk -v manifest="$package/Package.swift" -v main="$package/Sources/MyApp/main.swift" '
  /^```swift$/ { inside = 1; first = 1; next }
  /^```$/ && inside { inside = 0; next }
  inside {
    if (first) { target = ($0 ~ /^\/\/ swift-tools-version/) ? manifest : main; first = 0 }
    print > target
  }
' "$root/docs/library.md"
grep -q 'path: "../nnkit"' "$package/Package.swift"
sed -i "s|path: \"../nnkit\"|path: \"$root\"|" "$package/Package.swift"

(cd "$package" && swift build)
ln -s "$root/samples" "$work/run/samples"
output="$(cd "$work/run" && "$package/.build/debug/MyApp")"
printf '%s\n' "$output"

expect() {
  if ! grep -qF -- "$1" <<< "$output"; then
    echo "library-guide.sh: the program did not print: $1" >&2
    exit 1
  fi
}
expect 'Model "gender": 2 inputs (weight, height) → 2 sigmoid → 1 sigmoid, binary M/F, f64, 9 parameters'
expect 'Tensor(f64 [2, 2]: '
expect ' F'
expect 'epoch 900 loss '
expect 'io -1 -'
expect 'no-such-model.nnm: cannot open: No such file or directory'
expect 'same model back: true'
expect '["weight_lb", "height_in"]'
expect 'expected 2 inputs (one per feature), got 1'
test -s "$work/run/gender.nnm" && test -s "$work/run/gender.json"
echo "library-guide.sh: docs/library.md builds and runs as a package"
