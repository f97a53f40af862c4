#!/usr/bin/env python3
"""Checks that docs/architecture.md matches the package (issue 14: "its diagram and change
table match the code").

- Every target of Package.swift is named in the dependency diagram, and every dependency of one
  target on another (external products such as swift-argument-parser aside) is listed in the
  last column of that target's row of the module table.
- Every source file the page names (`NNModel/FileIO.swift`, `Sources/nntool/Train.swift`,
  `Tests/...`) exists.

Reads the manifest as JSON on standard input (`swift package dump-package`).
"""

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "architecture.md"


def main() -> int:
    manifest = json.load(sys.stdin)
    text = PAGE.read_text(encoding="utf-8")
    problems = []

    diagram = re.search(r"```\n(.*?)```", text, re.S)
    diagram_text = diagram.group(1) if diagram else ""
    rows = {}
    for line in text.splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            for name in re.findall(r"`([A-Za-z]+)`", cells[0]):
                rows.setdefault(name, []).append(cells[-1])

    targets = {target["name"]: target for target in manifest["targets"]}
    for name, target in targets.items():
        if target.get("type") == "test":
            continue
        if not re.search(rf"\b{re.escape(name)}\b", diagram_text):
            problems.append(f"target {name} is not in the dependency diagram")
        depends = []
        for dependency in target.get("dependencies", []):
            for kind in ("byName", "target"):
                if kind in dependency and dependency[kind][0] in targets:
                    depends.append(dependency[kind][0])
        if name not in rows:
            problems.append(f"target {name} has no row in the module table")
            continue
        listed = " ".join(rows[name])
        for dependency in depends:
            if f"`{dependency}`" not in listed:
                problems.append(
                    f"{name} depends on {dependency} (Package.swift), "
                    "but its row in the module table does not say so"
                )

    for path in sorted(set(re.findall(r"`([A-Za-z./+_-]+\.swift)`", text))):
        if "generated" in path or "/" not in path:
            continue  # a file the build writes, or a bare name beside one named just before
        if not any((base / path).exists() for base in (ROOT, ROOT / "Sources")):
            problems.append(f"docs/architecture.md names {path}, which does not exist")

    for problem in problems:
        print(f"architecture.py: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"architecture.py: {len(targets)} targets, their dependencies and named files: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
