#!/usr/bin/env bash
# Builds the DocC documentation of the library products (the targets in the loop below) with
# swift-docc-plugin, warnings treated as errors: a broken symbol link or an unknown article
# fails CI. The plugin is a dependency only when NNKIT_DOCC is set (see Package.swift), and the
# build uses its own scratch folder, so ordinary builds stay as they are.
# Archives: .build-docs/plugins/Swift-DocC/outputs/<Target>.doccarchive
set -euo pipefail
cd "$(dirname "$0")/.."
export NNKIT_DOCC=1
for target in NNModel NNEngine NNInterop NNPlot; do
  swift package --scratch-path .build-docs generate-documentation --target "$target" \
    --warnings-as-errors
done
