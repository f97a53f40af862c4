#!/usr/bin/env python3
"""Model quality of `nntool train` defaults against scikit-learn's MLP defaults (issue 10).

For each data set scikit-learn ships (no download): a stratified (classification) or plain
(regression) 75/25 train/test split with a fixed seed, written as CSV; then, in the same run,
on the same splits:

- nnkit: `nntool train --data train.csv --target target --out m.nnm` (nothing else; digits
  adds `--task multiclass` because its labels are the integers 0-9), then
  `nntool eval m.nnm --data test.csv --json`: accuracy or R² on the test split;
- scikit-learn: `MLPClassifier()` / `MLPRegressor()` with their defaults after a
  `StandardScaler` (as scikit-learn's documentation advises), random_state fixed.

    quality.py NNTOOL [--seeds N] [--json FILE]          the table (markdown on stdout)
    quality.py NNTOOL --sweep [--seeds N]                  candidate defaults, scored on a
                                                           validation split of each training set
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
from sklearn import datasets
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import train_test_split
from sklearn.compose import TransformedTargetRegressor
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

# name, loader, task (classification or regression), extra nntool flags that define the task
DATASETS = [
    ("iris", lambda: datasets.load_iris(), "classification", []),
    ("wine", lambda: datasets.load_wine(), "classification", []),
    ("breast_cancer", lambda: datasets.load_breast_cancer(), "classification", []),
    ("digits", lambda: datasets.load_digits(), "classification", ["--task", "multiclass"]),
    ("diabetes", lambda: datasets.load_diabetes(scaled=False), "regression", []),
]

# Candidate defaults for --sweep: explicit flags; the first is the tutorial-era default.
def _adam(lr="0.001", batch="32", epochs="500", hidden="100", activation="tanh",
          validation="0.1", patience="20"):
    flags = ["--optimizer", "adam", "--lr", lr, "--batch-size", batch, "--epochs", epochs,
             "--hidden", hidden, "--activation", activation, "--validation", validation]
    return flags + (["--patience", patience] if validation != "0" else [])


CANDIDATES = {
    "sgd 0.1, batch 1, 1000 epochs, 8 sigmoid, raw targets (before)": [
        "--optimizer", "sgd", "--lr", "0.1", "--batch-size", "1", "--epochs", "1000",
        "--hidden", "8", "--activation", "sigmoid", "--validation", "0",
        "--normalize-target", "none"],
    "adam 0.001, batch 32, 200 epochs, 100 relu": _adam(
        epochs="200", activation="relu", validation="0"),
    "adam 0.001, batch 32, 200 epochs, 100 tanh": _adam(epochs="200", validation="0"),
    "adam 0.001, batch 32, ≤500 epochs, stop 0.1/20, 100 relu": _adam(activation="relu"),
    "adam 0.001, batch 32, ≤500 epochs, stop 0.1/20, 100 tanh": _adam(),
    "adam 0.01, batch 32, ≤500 epochs, stop 0.1/20, 100 tanh": _adam(lr="0.01"),
    "adam 0.001, batch 32, ≤1000 epochs, stop 0.1/50, 100 tanh": _adam(
        epochs="1000", patience="50"),
    "adam 0.001, batch 16, ≤500 epochs, stop 0.1/20, 100 tanh": _adam(batch="16"),
    "adam 0.001, batch 32, ≤500 epochs, stop 0.1/20, 100 sigmoid": _adam(activation="sigmoid"),
    "adam 0.001, batch 32, ≤1000 epochs, stop 0.1/50, 100 sigmoid": _adam(
        activation="sigmoid", epochs="1000", patience="50"),
}


def write_csv(path, X, y, labels=None):
    with open(path, "w") as f:
        f.write(",".join(["f%d" % k for k in range(X.shape[1])] + ["target"]) + "\n")
        for row, target in zip(X, y):
            value = labels[target] if labels is not None else repr(float(target))
            f.write(",".join(repr(float(v)) for v in row) + "," + value + "\n")


def splits(loader, task, seed, validation=False):
    data = loader()
    X, y = data.data, data.target
    stratify = y if task == "classification" else None
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, random_state=seed, stratify=stratify)
    if validation:  # choose defaults without looking at the test split
        stratify = y_train if task == "classification" else None
        X_train, X_test, y_train, y_test = train_test_split(
            X_train, y_train, test_size=0.25, random_state=seed + 100, stratify=stratify)
    labels = None
    if task == "classification":
        labels = [str(name) for name in data.target_names]
    return X_train, X_test, y_train, y_test, labels


def run_nntool(nntool, directory, flags, seed):
    model = os.path.join(directory, "m.nnm")
    command = [nntool, "train", "--data", os.path.join(directory, "train.csv"),
               "--target", "target", "--out", model, "--quiet"] + flags
    if seed != 1:
        command += ["--seed", str(seed)]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    seconds = time.perf_counter() - start
    result = subprocess.run(
        [nntool, "eval", model, "--data", os.path.join(directory, "test.csv"), "--json"],
        check=True, capture_output=True, text=True)
    report = json.loads(result.stdout)
    score = report["accuracy"] if "accuracy" in report else report["r2"]
    return score, seconds


def run_sklearn(task, X_train, X_test, y_train, y_test, seed, scale_target=False):
    estimator = MLPClassifier(random_state=seed) if task == "classification" else MLPRegressor(
        random_state=seed)
    if scale_target:  # not a default: what a user who also scales the target gets
        estimator = TransformedTargetRegressor(regressor=estimator, transformer=StandardScaler())
    pipeline = make_pipeline(StandardScaler(), estimator)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipeline.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    predicted = pipeline.predict(X_test)
    if task == "classification":
        return accuracy_score(y_test, predicted), seconds
    return r2_score(y_test, predicted), seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("nntool")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    seeds = list(range(1, args.seeds + 1))
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        for name, loader, task, task_flags in DATASETS:
            configs = CANDIDATES.items() if args.sweep else [("defaults", [])]
            per_config = {label: ([], []) for label, _ in configs}
            sk_scores, sk_times, sk_scaled = [], [], []
            for seed in seeds:
                X_train, X_test, y_train, y_test, labels = splits(loader, task, seed, args.sweep)
                write_csv(os.path.join(directory, "train.csv"), X_train, y_train, labels)
                write_csv(os.path.join(directory, "test.csv"), X_test, y_test, labels)
                for label, flags in configs:
                    score, seconds = run_nntool(args.nntool, directory, task_flags + flags, seed)
                    per_config[label][0].append(score)
                    per_config[label][1].append(seconds)
                score, seconds = run_sklearn(task, X_train, X_test, y_train, y_test, seed)
                sk_scores.append(score)
                sk_times.append(seconds)
                if task == "regression":
                    sk_scaled.append(run_sklearn(
                        task, X_train, X_test, y_train, y_test, seed, scale_target=True)[0])
            for label, (scores, times) in per_config.items():
                rows.append({
                    "dataset": name, "task": task, "config": label,
                    "rows": len(X_train) + len(X_test), "features": X_train.shape[1],
                    "metric": "accuracy" if task == "classification" else "R²",
                    "nnkit": float(np.mean(scores)), "nnkit_scores": scores,
                    "nnkit_seconds": float(np.mean(times)),
                    "sklearn": float(np.mean(sk_scores)), "sklearn_scores": sk_scores,
                    "sklearn_seconds": float(np.mean(sk_times)),
                    "sklearn_scaled_target": float(np.mean(sk_scaled)) if sk_scaled else None,
                })
                print("%s / %s: nnkit %.4f (%.2fs)  sklearn %.4f (%.2fs)" % (
                    name, label, rows[-1]["nnkit"], rows[-1]["nnkit_seconds"],
                    rows[-1]["sklearn"], rows[-1]["sklearn_seconds"]), file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    if args.sweep:
        print("| data set | configuration | nnkit (validation) | scikit-learn MLP | nnkit time |")
        print("|---|---|---:|---:|---:|")
        for r in rows:
            print("| %s | %s | %.4f | %.4f | %.2f s |" % (
                r["dataset"], r["config"], r["nnkit"], r["sklearn"], r["nnkit_seconds"]))
        return
    print("| data set | rows × features | metric | nnkit defaults | scikit-learn MLP defaults "
          "| difference | nnkit train time | scikit-learn fit time | holds |")
    print("|---|---|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        difference = r["nnkit"] - r["sklearn"]
        holds = difference >= -0.01 if r["metric"] == "accuracy" else difference >= 0
        print("| %s | %d × %d | %s | %.4f | %.4f | %+.4f | %.2f s | %.2f s | %s |" % (
            r["dataset"], r["rows"], r["features"], r["metric"], r["nnkit"], r["sklearn"],
            difference, r["nnkit_seconds"], r["sklearn_seconds"], "yes" if holds else "**no**"))
    for r in rows:
        if r["sklearn_scaled_target"] is not None:
            print("\n%s: scikit-learn's MLPRegressor with its target standardized as well "
                  "(TransformedTargetRegressor, not a default): R² %.4f." % (
                      r["dataset"], r["sklearn_scaled_target"]))


if __name__ == "__main__":
    main()
