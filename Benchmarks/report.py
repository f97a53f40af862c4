"""Turns the JSON lines that nnbench and the peers print into the markdown report:
one table of figures with nnkit's speed ratio against every peer, and one table of the goals
of docs/benchmarks.md (met or missed, with the measured ratio).
Usage: report.py RESULTS.jsonl [--smoke] > report.md   (--smoke: no goals table)

Ratio convention: "x faster" = how many times faster nnkit is than the peer (peer time / nnkit
time, or nnkit throughput / peer throughput); below 1 means nnkit is slower."""

import json
import sys
from collections import OrderedDict


def load(path):
    """The results, one per (workload, case, impl): a figure measured in several rounds is the
    median of the rounds' figures (each already a median of repetitions)."""
    merged = OrderedDict()
    with open(path) as file:
        for line in file:
            line = line.strip()
            if line.startswith("{"):
                result = json.loads(line)
                key = (result["workload"], result["case"], result["impl"])
                merged.setdefault(key, []).append(result)
    results = []
    for rounds in merged.values():
        values = sorted(r["value"] for r in rounds if r["value"] is not None)
        result = dict(rounds[-1])
        if values:
            middle = len(values) // 2
            result["value"] = (values[middle] if len(values) % 2
                               else (values[middle - 1] + values[middle]) / 2)
        result["rounds"] = len(rounds)
        results.append(result)
    return results


def speedup(nnkit, peer):
    if nnkit["value"] in (None, 0) or peer["value"] in (None, 0):
        return None
    if nnkit["better"] == "lower":
        return peer["value"] / nnkit["value"]
    return nnkit["value"] / peer["value"]


def figure(result):
    value = result["value"]
    if value is None:
        return "n/a"
    unit = result["unit"]
    if abs(value) >= 1e6:
        text = f"{value / 1e6:.3g}M"
    elif abs(value) >= 1e4:
        text = f"{value / 1e3:.3g}k"
    elif abs(value) >= 100:
        text = f"{value:.0f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}"


def ratio_text(value):
    if value is None:
        return "n/a"
    if value < 0.1:
        return f"{value:.2g}×"
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


# (label, workload, case, nnkit impl, peer impl or None, required speed-up, or absolute limit)
GOALS = [
    ("W1 steps/s ≥ 3× FANN (f32)", "W1", "train 2-2-1 steps/s", "nnkit", "fann", 3.0, None),
    ("W1 steps/s ≥ 3× FANN (f64)", "W1", "train 2-2-1 steps/s", "nnkit-f64", "fann-f64", 3.0, None),
    ("W2 batch 1 ≥ 3× FANN (the workload's softmax+CE)", "W2", "digits batch 1", "nnkit",
     "fann", 3.0, None),
    ("W2 batch 1 ≥ 3× FANN (FANN's own network: sigmoid+MSE)", "W2", "digits batch 1",
     "nnkit-sigmoid-mse", "fann", 3.0, None),
    ("W2 batch 32 ≥ 2× numpy f32", "W2", "digits batch 32", "nnkit", ("numpy", "numpy-1t"), 2.0,
     None),
    # PyTorch is not installed (its PyPI wheel brings GBs of CUDA libraries); the reference run
    # in workloads.md had PyTorch (2 threads) at 53k/s and numpy at 33k/s: 1.6x numpy stands in.
    ("W3 ≥ PyTorch (proxy: 1.6× numpy)", "W3", "784-256-128-10 batch 64", "nnkit",
     ("numpy", "numpy-1t"), 1.6, None),
    ("W4 2-2-1 one sample < 50 ns", "W4", "2-2-1 one sample", "nnkit", None, None, 50.0),
    ("W4 784 net one sample faster than onnxruntime", "W4", "784 net one sample", "nnkit",
     "onnxruntime", 1.0, None),
    ("W5 verified load 100M ≥ 2.5× safetensors", "W5", "load 100M", "nnkit", "safetensors", 2.5,
     None),
    ("W5 mapped open 100M < 0.1 ms", "W5", "open 100M", "nnkit", None, None, 0.1),
    ("W5 save 100M ≥ 3× safetensors", "W5", "save 100M", "nnkit", "safetensors", 3.0, None),
    ("W5j JSON encode ≥ orjson", "W5j", "JSON encode 1M f64", "nnkit", "orjson", 1.0, None),
    ("W5j JSON decode ≥ orjson", "W5j", "JSON decode 1M f64", "nnkit", "orjson", 1.0, None),
    ("W8 export ONNX 100M ≥ onnx", "W8", "export onnx 100M", "nnkit", "onnx", 1.0, None),
    ("W8 import ONNX 100M ≥ onnx", "W8", "import onnx 100M", "nnkit", "onnx", 1.0, None),
    ("W8 export safetensors 100M ≥ safetensors", "W8", "export safetensors 100M", "nnkit",
     "safetensors", 1.0, None),
    ("W8 import safetensors 100M ≥ safetensors", "W8", "import safetensors 100M", "nnkit",
     "safetensors", 1.0, None),
    ("W6 nntool predict within 3× FANN (whole process)", "W6", "load 2-2-1 + one query",
     "nnkit", "fann", 1 / 3, None),
    ("nntool train W1 within 1.7× FANN (whole process)", "W1", "train 2-2-1, whole process",
     "nnkit", "fann", 1 / 1.7, None),
    ("W9 nntool eval, whole process ≥ pandas read_csv, whole process", "W9",
     "read CSV 500000×21, whole process", "nnkit", "pandas", 1.0, None),
    ("W9 nntool eval, whole process ≥ pandas' read_csv call alone", "W9",
     "read CSV, in-process (no import)", "nnkit", "pandas", 1.0, None),
    ("W9 the reader alone (CSVTable.load) ≥ pandas' read_csv call alone", "W9",
     "read CSV, in-process (no import)", "nnkit-reader", "pandas", 1.0, None),
    ("W9 peak memory ≤ 2× the numbers as f64 (168 MB)", "W9", "read CSV 500000×21, peak memory",
     "nnkit", None, None, 168.0),
]


def main():
    results = load(sys.argv[1])
    groups = OrderedDict()
    for result in results:
        groups.setdefault((result["workload"], result["case"]), []).append(result)
    print("| id | case | nnkit | figure | peers: figure (nnkit's speed-up) |")
    print("|---|---|---|---|---|")
    for (workload, case), items in groups.items():
        ours = [r for r in items if r["impl"].startswith("nnkit")]
        peers = [r for r in items if not r["impl"].startswith("nnkit")]
        rows = ours or [None]
        for mine in rows:
            cells = []
            for peer in peers:
                ratio = f" ({ratio_text(speedup(mine, peer))})" if mine else ""
                cells.append(f"{peer['impl']} {figure(peer)}{ratio}")
            name = mine["impl"] if mine else "—"
            value = figure(mine) if mine else "not run"
            print(f"| {workload} | {case} | {name} | {value} | {'; '.join(cells)} |")
    if "--smoke" in sys.argv:
        print()
        print("Smoke run: every workload ran tiny; these figures are not measurements.")
        return
    print()
    print("| goal | measured | result |")
    print("|---|---|---|")
    for label, workload, case, mine_impl, peer_impl, required, limit in GOALS:
        items = groups.get((workload, case), [])
        mine = next((r for r in items if r["impl"] == mine_impl), None)
        if mine is None or mine["value"] is None:
            print(f"| {label} | not measured | missing |")
            continue
        if limit is not None:
            met = mine["value"] < limit
            print(f"| {label} | {figure(mine)} | {'met' if met else 'missed'} |")
            continue
        # A tuple of peers: the goal is judged against the fastest of them (numpy on two threads
        # or on one, whichever did better in this run).
        names = peer_impl if isinstance(peer_impl, tuple) else (peer_impl,)
        candidates = [r for r in items if r["impl"] in names and r["value"] is not None]
        peer = min(candidates, key=lambda r: speedup(mine, r) or float("inf"), default=None)
        if peer is None:
            print(f"| {label} | peer not measured | missing |")
            continue
        ratio = speedup(mine, peer)
        met = ratio is not None and ratio >= required
        if required < 1 and ratio:
            measured = f"{figure(mine)} vs {peer['impl']} {figure(peer)}: {1 / ratio:.2f}× its time"
        else:
            measured = f"{figure(mine)} vs {peer['impl']} {figure(peer)}: {ratio_text(ratio)} faster"
        print(f"| {label} | {measured} | {'met' if met else 'missed'} |")
    notes = OrderedDict()
    for r in results:
        if r.get("note"):
            notes.setdefault((r["workload"], r["impl"], r["note"]), r["case"])
    if notes:
        print()
        print("Notes:")
        for (workload, impl, note), case in notes.items():
            print(f"- {workload} {case}, {impl}: {note}")


if __name__ == "__main__":
    main()
