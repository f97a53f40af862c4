#!/usr/bin/env bash
# What a user installs is what is tested: `make install` into an empty temporary prefix, then
# the installed nntool and nnrepl are checked (version, man pages, bash/zsh/fish completions,
# no Swift runtime libraries needed), the end-to-end tests run against them, and
# `make uninstall` must leave none of our files behind. Also checks that the committed man
# pages match the tools (docs/update-man-page.sh --check).
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends man-db zsh fish >/dev/null

prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT

make install PREFIX="$prefix"
bin="$prefix/bin"
"$bin/nntool" --version
"$bin/nntool" --version --verbose
"$bin/nnrepl" --version --verbose | grep -q '^commit: [0-9a-f]'

# Every installed file is where scripts/install.sh's list says, and nothing else.
diff <(cd "$prefix" && find . -type f | sed 's|^\./||' | sort) \
  <(bash scripts/install.sh files | sort)

for page in nntool nnrepl; do
  MANPAGER=cat MANWIDTH=80 man -l "$prefix/share/man/man1/$page.1" > "$prefix/page.txt"
  grep -q "^NAME" "$prefix/page.txt"
  grep -q -- "--version" "$prefix/page.txt"
  rm -f "$prefix/page.txt"
done
bash docs/update-man-page.sh --check >/dev/null

# Static Swift runtime: no libswift*.so, no libFoundation*.so.
for tool in nntool nnrepl; do
  if ldd "$bin/$tool" | grep -Ei 'libswift|libFoundation|libdispatch|libBlocksRuntime'; then
    echo "install.sh: $tool needs the Swift runtime at run time" >&2
    exit 1
  fi
done

# nntool is a fully static executable (no program interpreter): its start-up is W6.
if readelf -l "$bin/nntool" | grep -q INTERP; then
  echo "install.sh: nntool is not a static executable" >&2
  exit 1
fi

# Completions load and complete subcommand names in each shell.
bash -c '
  source "$1/share/bash-completion/completions/nntool"
  complete -p nntool
  COMP_WORDS=(nntool tr); COMP_CWORD=1; COMP_LINE="nntool tr"; COMP_POINT=${#COMP_LINE}
  _nntool
  [[ " ${COMPREPLY[*]} " == *" train "* ]] || { echo "bash completion: ${COMPREPLY[*]}"; exit 1; }
  source "$1/share/bash-completion/completions/nnrepl"
  complete -p nnrepl
' bash "$prefix"
zsh -f -c '
  fpath=("$1/share/zsh/site-functions" $fpath)
  autoload -U compinit && compinit -u -D
  (( $+_comps[nntool] )) || { print "zsh: no completion for nntool"; exit 1 }
  (( $+_comps[nnrepl] )) || { print "zsh: no completion for nnrepl"; exit 1 }
  print "zsh: $_comps[nntool] $_comps[nnrepl]"
' zsh "$prefix"
fish --no-config -c "
  source '$prefix/share/fish/vendor_completions.d/nntool.fish'
  source '$prefix/share/fish/vendor_completions.d/nnrepl.fish'
  complete -C 'nntool ' | string match -q -r '^train\b'; or exit 1
  complete -C 'nntool pr' | string match -q -r '^predict\b'; or exit 1
  echo 'fish: nntool completes'
"

# The end-to-end tests, on the installed binaries instead of the build's.
swift build --build-tests
NNKIT_BIN_DIR="$bin" swift test --skip-build --filter EndToEndTests

make uninstall PREFIX="$prefix"
left="$(find "$prefix" -type f)"
if [[ -n "$left" ]]; then
  echo "install.sh: make uninstall left files behind:" >&2
  echo "$left" >&2
  exit 1
fi
echo "install.sh: install, man pages, completions, static runtime, end-to-end tests, uninstall: ok"
