#!/usr/bin/env python3
"""Compares the Swift reader with the independent Python reader (formats/nnm_read.py).

    differential.py DIR

DIR holds pairs NAME.nnm / NAME.swift written by a fuzz target run with NNM_FUZZ_TWIN_DIR=DIR
(see differential.sh): the input, and the Swift reader's verdict ("ok" and the canonical JSON,
or "error CODE"). Both readers must accept the same files and print the same JSON for them.
When both refuse a file the codes may differ (the spec lets readers check in another order);
those are counted, not failed. Exit 1 on any disagreement.
"""

import collections
import glob
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "formats"))
import nnm_read  # noqa: E402


def main(directory):
    failures = 0
    both_ok = 0
    code_pairs = collections.Counter()
    for path in sorted(glob.glob(os.path.join(directory, "*.nnm"))):
        stem = path[: -len(".nnm")]
        with open(path, "rb") as f:
            data = f.read()
        with open(stem + ".swift", "rb") as f:
            verdict, _, swift_json = f.read().partition(b"\n")
        verdict = verdict.decode()
        try:
            python_json = nnm_read.canonical_json(nnm_read.read_binary(data)).encode()
            python_error = None
        except nnm_read.NNMError as error:
            python_error = error
        except Exception as error:  # a crash of the Python reader is a disagreement too
            print("FAIL %s: the Python reader raised %r" % (path, error))
            failures += 1
            continue
        if verdict == "ok" and python_error is None:
            if swift_json != python_json:
                print("FAIL %s: the readers print different JSON" % path)
                failures += 1
            else:
                both_ok += 1
        elif verdict == "ok":
            print("FAIL %s: Swift accepts, Python refuses: %s" % (path, python_error))
            failures += 1
        elif python_error is None:
            print("FAIL %s: Python accepts, Swift refuses: %s" % (path, verdict))
            failures += 1
        else:
            code_pairs[(verdict.split()[1], python_error.code)] += 1
    refused = sum(code_pairs.values())
    same = sum(n for (s, p), n in code_pairs.items() if s == p)
    print("%d accepted by both with the same JSON; %d refused by both (%d with the same code)"
          % (both_ok, refused, same))
    for (s, p), n in sorted(code_pairs.items(), key=lambda item: -item[1]):
        if s != p:
            print("  differing codes: Swift %s, Python %s: %d files" % (s, p, n))
    print("%d disagreements" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
