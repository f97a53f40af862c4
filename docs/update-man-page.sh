#!/usr/bin/env bash
# Regenerates docs/nntool.1 and docs/nnrepl.1 (man pages) from the tools' help with
# argument-parser's generate-manual tool.
# Usage: docs/update-man-page.sh [--check]   (then: man -l docs/nntool.1)
# With --check, exits 1 (and prints a diff) when a page is out of date; the date line is not
# compared, since it follows the last commit.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
if [[ "${1:-}" == "--check" ]]; then check=1; fi
swift build --product nntool
swift build --product nnrepl
swift build --product generate-manual
# The date is the last commit's, so regenerating an unchanged tool changes nothing.
date="$(git log -1 --format=%cs 2>/dev/null || echo 1970-01-01)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# nnrepl's page also lists the REPL's commands, from `:help` itself (the lines after
# "Commands:"), before the EXIT STATUS section.
add_repl_commands() {
  local page="$1" commands="$out/commands.txt"
  .build/debug/nnrepl samples/gender.nnm --no-history -e :help \
    | sed -n '/Commands:$/,$p' | sed '1d' > "$commands"
  {
    echo '.Sh COMMANDS'
    echo 'At the prompt, type an input (the values of the model'"'"'s features, in order or as'
    echo 'name=value) to run the network, or one of these commands:'
    echo '.Bd -literal -offset indent'
    sed -e 's/\\/\\e/g' -e 's/^\([.'"'"']\)/\\\&\1/' "$commands"
    echo '.Ed'
    echo '.Pp'
    echo 'The full reference is docs/repl.md in the nnkit sources.'
  } > "$out/commands.roff"
  awk -v file="$out/commands.roff" '
    /^\.Sh "EXIT STATUS"$/ { while ((getline line < file) > 0) print line }
    { print }
  ' "$page" > "$page.new"
  mv "$page.new" "$page"
}

status=0
for tool in nntool nnrepl; do
  .build/debug/generate-manual ".build/debug/$tool" --date "$date" --section 1 \
    --authors "the nnkit developers" --output-directory "$out"
  # generate-manual leaves the help's blank lines in; mdoc wants a paragraph macro there.
  sed -i 's/^$/.Pp/' "$out/$tool.1"
  if [[ "$tool" == nnrepl ]]; then add_repl_commands "$out/nnrepl.1"; fi
  if (( check )); then
    if ! diff -u <(grep -v '^\.Dd ' "docs/$tool.1") <(grep -v '^\.Dd ' "$out/$tool.1"); then
      echo "docs/$tool.1 is out of date: run docs/update-man-page.sh" >&2
      status=1
    fi
  else
    cp "$out/$tool.1" "docs/$tool.1"
  fi
done
exit "$status"
