#!/usr/bin/env bash
# The .nnm format's checks outside `swift test`: the JSON Schema validates every valid JSON
# vector (and must reject the schema-level invalid ones), and the independent Python reader
# decodes every binary vector and must produce the Swift codec's canonical JSON byte for byte,
# and the expected error code for every invalid binary vector.
set -euo pipefail
cd "$(dirname "$0")/.."

# A real validator: Debian's python3-jsonschema, or the PyPI package.
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq --no-install-recommends python3 python3-jsonschema >/dev/null || true
  fi
fi
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  python3 -m pip install --quiet jsonschema ||
    python3 -m pip install --quiet --break-system-packages jsonschema
fi

python3 - <<'PY'
import decimal, glob, json, sys
import jsonschema


def load(path):
    # Keep each number's spelling (spec §6.1: integer fields are digits only): 4.0 and 2e0
    # become Decimal, not float, and so are not JSON Schema integers; so do -0 and -5.
    def integer(text):
        return decimal.Decimal(text) if text.startswith("-") else int(text)
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_float=decimal.Decimal, parse_int=integer)


schema = json.load(open("formats/nnm-v1.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failures = 0
files = sorted(glob.glob("formats/vectors/valid/*.json") + glob.glob("samples/**/*.json", recursive=True))
for path in files:
    errors = list(validator.iter_errors(load(path)))
    for error in errors:
        print("FAIL %s: %s at %s" % (path, error.message, error.json_path))
    failures += bool(errors)
# Invalid vectors whose defect is visible to a schema must be rejected by it.
for name in ["unknown-key", "unknown-activation", "zero-scale", "newer-major-json",
             # The 1.1 revision (issue 12, point 11): integers are digits only, data_rows has a
             # bound, JSON extra sections are never required.
             "integer-fraction", "integer-exponent", "integer-negative-zero",
             "data-rows-too-large", "required-extra-section"]:
    path = "formats/vectors/invalid/%s.json" % name
    if validator.is_valid(load(path)):
        print("FAIL %s: the schema accepts it" % path)
        failures += 1
# Files every reader must accept (non-canonical spellings, a newer minor version with new keys).
for path in sorted(glob.glob("formats/vectors/accepted/*.json")):
    for error in validator.iter_errors(load(path)):
        print("FAIL %s: %s at %s" % (path, error.message, error.json_path))
        failures += 1
# The differences the schema's description documents: readers refuse these, the schema cannot
# see why. If the schema starts refusing one, update its description (and this list).
for name in ["string-utf8-bytes", "f32-rounds-to-infinity"]:
    path = "formats/vectors/invalid/%s.json" % name
    if not validator.is_valid(load(path)):
        print("FAIL %s: the schema now refuses it; update its documented differences" % path)
        failures += 1
print("schema: %d JSON files valid, %d failures" % (len(files), failures))
sys.exit(1 if failures else 0)
PY

python3 formats/nnm_read.py --check-vectors formats/vectors

# Inputs the fuzzers found that once broke the Python reader, kept as regressions: for a valid
# file it must print the Swift codec's canonical JSON (the committed twin NAME.json); for an
# invalid one it must refuse it with the error code in NAME.error, as the Swift codec does.
for binary in Fuzz/regressions/*.nnm; do
  if [ -f "${binary%.nnm}.json" ]; then
    python3 formats/nnm_read.py "$binary" | cmp - "${binary%.nnm}.json"
  else
    expected=$(cat "${binary%.nnm}.error")
    if output=$(python3 formats/nnm_read.py "$binary" 2>&1); then
      echo "FAIL $binary: the Python reader accepts it (expected $expected)"; exit 1
    fi
    case "$output" in
      *"[$expected]"*) ;;
      *) echo "FAIL $binary: expected [$expected], got: $output"; exit 1 ;;
    esac
  fi
done
echo "regressions: $(ls Fuzz/regressions/*.nnm | wc -l) files agree"
