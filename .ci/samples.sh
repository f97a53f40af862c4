#!/usr/bin/env bash
# Rebuilds every sample model with samples/build.sh and fails if any committed file under
# samples/ changed, or if the script left a file git does not track: the samples are
# reproducible byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
bash samples/build.sh
# The checkout may belong to another user than the one running CI (git's "dubious ownership").
git() { command git -c safe.directory="$PWD" "$@"; }
if ! git diff --exit-code --stat -- samples/; then
  echo "samples.sh: samples/build.sh changed committed files (above)" >&2
  exit 1
fi
untracked=$(git ls-files --others --exclude-standard -- samples/)
if [[ -n "$untracked" ]]; then
  printf 'samples.sh: samples/build.sh left untracked files:\n%s\n' "$untracked" >&2
  exit 1
fi
echo "samples.sh: every sample rebuilt byte for byte"
