#!/usr/bin/env python3
"""Soak and fault tests of the built tools (docs/reliability.md says what each promises).

    python3 .ci/soak.py BIN_DIR [--quick] [test ...]

Tests: repl, argv, kill, race, disk. Every child runs under an address-space limit
(RLIMIT_AS, `ulimit -v`) and a timeout, so an over-allocation or a hang fails instead of passing
slowly. Prints one FIGURES line per test and exits 1 on any failure. Random choices are seeded
(SOAK_SEED, default 12) and printed, so a failure can be replayed.
"""

import hashlib
import json
import mmap
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDRESS_SPACE = 1 << 30  # 1 GiB: far above what these inputs justify, far below 4 GiB reads
CSV_ENDLESS = os.environ.get("SOAK_CSV_ENDLESS", "1") == "1"
SEED = int(os.environ.get("SOAK_SEED", "12"))
failures = []


def limit_child():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    os.setsid()


def run(argv, stdin=None, timeout=30, cwd=None, input_bytes=None):
    """Runs argv under the limits; returns (status, stdout, stderr), status -N for signal N,
    None for a timeout (the process group is killed)."""
    proc = subprocess.Popen(
        argv, cwd=cwd, stdin=stdin if input_bytes is None else subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit_child,
        env=dict(os.environ, NO_COLOR="1"))
    try:
        out, err = proc.communicate(input=input_bytes, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None, b"", b""
    return proc.returncode, out, err


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def fail(test, message):
    failures.append("%s: %s" % (test, message))
    print("FAIL %s: %s" % (test, message), flush=True)


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def temporaries(directory):
    return [n for n in os.listdir(directory) if n.startswith(".") and n.endswith(".tmp")]


# ---------------------------------------------------------------------------------------------
# Fixtures


def big_model_json(units, seed):
    """A regression model with `units` features and a units×units hidden layer (f64)."""
    rng = random.Random(seed)
    def tensor(shape):
        count = 1
        for extent in shape:
            count *= extent
        return {"dtype": "f64", "shape": shape, "data": [rng.uniform(-1, 1) for _ in range(count)]}
    return json.dumps({
        "format": "nnm", "version": "1.0", "name": "big%d" % seed,
        "features": [{"name": "x%d" % k, "normalization": {"shift": 0.0, "scale": 1.0}}
                     for k in range(units)],
        "layers": [
            {"activation": "tanh", "weights": tensor([units, units]), "biases": tensor([units])},
            {"activation": "identity", "weights": tensor([1, units]), "biases": tensor([1])},
        ],
        "output": {"task": "regression", "names": []},
        "metadata": {}, "extra_sections": [],
    })


def make_fixtures(bin_dir, work):
    nntool = os.path.join(bin_dir, "nntool")
    shutil.copy(os.path.join(ROOT, "samples/gender.nnm"), os.path.join(work, "gender.nnm"))
    shutil.copy(os.path.join(ROOT, "samples/gender.csv"), os.path.join(work, "gender.csv"))
    for name, units, seed in [("bigA", 400, 1), ("bigB", 400, 2), ("huge", 700, 3)]:
        with open(os.path.join(work, name + ".json"), "w") as f:
            f.write(big_model_json(units, seed))
        status, _, err = run([nntool, "convert", name + ".json", name + ".nnm"], cwd=work)
        if status != 0:
            raise SystemExit("cannot build fixture %s: %s" % (name, err.decode(errors="replace")))
    rng = random.Random(SEED)
    with open(os.path.join(work, "many.csv"), "w") as f:
        f.write("a,b,c,d,y\n")
        for _ in range(3000):
            row = [rng.uniform(-3, 3) for _ in range(4)]
            f.write("%s,%s\n" % (",".join("%.4f" % v for v in row), "P" if sum(row) > 0 else "N"))
    # Hostile model files.
    good = open(os.path.join(work, "gender.nnm"), "rb").read()
    hostile = {
        "empty.nnm": b"",
        "garbage.nnm": bytes(rng.randrange(256) for _ in range(4096)),
        "truncated.nnm": good[: len(good) // 2],
        "flipped.nnm": good[:-9] + bytes([good[-9] ^ 1]) + good[-8:],
        # A valid header that claims an exabyte: nothing may trust the claim.
        "claims-huge.nnm": good[:16] + (1 << 60).to_bytes(8, "little") + good[24:],
        "spaces.json": b" " * 100000,
        "deep.json": b"[" * 100000,
        "bad.csv": b"a,b\n1,2,3\n\xff\xfe,\"unterminated\n",
        "nul.csv": b"x,y\n\x00\x00,1\n",
    }
    for name, data in hostile.items():
        with open(os.path.join(work, name), "wb") as f:
            f.write(data)
    os.mkdir(os.path.join(work, "adir"))


# ---------------------------------------------------------------------------------------------
# The REPL fed random and hostile lines


HOSTILE_PATHS = ["/dev/zero", "/dev/urandom", "missing.nnm", "adir", "/etc/passwd/x.nnm",
                 "empty.nnm", "garbage.nnm", "truncated.nnm", "flipped.nnm", "claims-huge.nnm",
                 "spaces.json", "deep.json", "-", "", "\x1b[31m.nnm", "é" * 300]
DATA_PATHS = ["missing.csv", "adir", "bad.csv", "nul.csv", "gender.csv", "/etc/passwd/x.csv",
              "garbage.nnm"] + (["/dev/zero", "/dev/urandom"] if CSV_ENDLESS else [])
SAVE_PATHS = ["saved.nnm", "saved.json", "adir", "missing-dir/x.nnm", "/dev/full", "/dev/null",
              "/proc/nope.nnm", "sub\x00dir.nnm"]
NUMBERS = ["0", "-0", "1e999", "-1e999", "nan", "NaN", "inf", "0x10", "1_000", "１２３", "٣",
           "1e-400", "99999999999999999999999999", "3.4028235e+38", "-", ".", "1..2", "1e",
           "133", "65", "1.5", "-7"]
WORDS = ["=>", "F", "M", "times", "lr", "for", "w1", "b3", "L1.n2.w1", "--weights", "--json",
         "--binary", "epochs", "batch", "clear", "drop", "load", "target", "digits", "full",
         "loss", "mse", "ce", "bce", "😀", "\u202e", "e\u0301", "\t", "\\", '"', "'"]
COMMANDS = ["trace", "grad", "train", "add", "data", "fit", "loss", "set", "weights", "w", "undo",
            "redo", "info", "help", "h", "?", "load", "save", "tr", "da", "s", "nonsense"]


def random_line(rng):
    kind = rng.randrange(10)
    if kind == 0:  # garbage bytes (never a ':' first, so never a bare :save)
        text = "".join(chr(rng.choice([rng.randrange(1, 32), rng.randrange(32, 127),
                                       rng.randrange(0x80, 0x800), 0x7F, 0x1B]))
                       for _ in range(rng.randrange(1, 200)))
        return text.lstrip(":") or "x"
    if kind == 1:  # numbers
        return " ".join(rng.choice(NUMBERS) for _ in range(rng.randrange(0, 6)))
    if kind == 2:
        return ":load " + rng.choice(HOSTILE_PATHS)
    if kind == 3:
        return ":data load " + rng.choice(DATA_PATHS) + rng.choice(["", " target gender", " target"])
    if kind == 4:
        return ":save " + rng.choice(SAVE_PATHS) + rng.choice(["", " --json", " --binary"])
    if kind == 5:  # huge repeat counts and settings
        return rng.choice([
            ":train 133 65 => F times %s" % rng.choice(["1000000000", "1e9", "-1", "0", "2", "x"]),
            ":fit epochs %s" % rng.choice(["999999999999", "-5", "0", "3", "1e99"]),
            ":set %s %s" % (rng.choice(["epochs", "batch", "lr", "digits", "w1", "b9", "zz"]),
                            rng.choice(NUMBERS + ["full"])),
            ":data drop %s" % rng.choice(NUMBERS),
        ])
    if kind == 6:  # a command with random words
        command = ":" + rng.choice(COMMANDS)
        if command in (":s", ":save"):
            command = ":set"
        return command + " " + " ".join(rng.choice(WORDS + NUMBERS) for _ in range(rng.randrange(0, 8)))
    if kind == 7:  # well-formed work
        return rng.choice([":add 133 65 => F", ":add 160 72 => M", ":fit epochs 3", ":loss",
                           ":trace 128 63", ":grad 133 65 => F for w1", ":undo", ":redo",
                           ":data clear", ":weights", "128 63"])
    if kind == 8:  # very long lines
        return rng.choice(["1 " * rng.randrange(1000, 50000), "x" * rng.randrange(1000, 200000),
                           ":trace " + "9" * 100000])
    return rng.choice(["", "#" + "c" * 50, "   ", ":", "::", ":help trace", ":load gender.nnm"])


def test_repl(bin_dir, work, quick):
    rng = random.Random(SEED)
    nnrepl = os.path.join(bin_dir, "nnrepl")
    runs, lines_per_run = (2, 400) if quick else (6, 1000)
    fed = 0
    for run_index in range(runs):
        model = os.path.join(work, "repl-model.nnm")
        shutil.copy(os.path.join(work, "gender.nnm"), model)
        before = sha(model)
        lines = [random_line(rng) for _ in range(lines_per_run)]
        # The last line proves the REPL still answers.
        script = "\n".join(lines + ["133 65"]) + "\n"
        data = script.encode("utf-8", errors="surrogatepass")
        started = time.time()
        status, out, err = run([nnrepl, "repl-model.nnm"], input_bytes=data, timeout=180, cwd=work)
        fed += len(lines)
        if status is None:
            fail("repl", "run %d hung (no exit in 180 s)" % run_index)
            continue
        if status < 0 or status >= 128:
            fail("repl", "run %d ended by signal or crash (status %s): %s" % (run_index, status, err[-300:]))
            continue
        last = out.decode(errors="replace").rstrip("\n").split("\n")[-1]
        if "→" not in last:
            fail("repl", "run %d: no answer at the end (last line %r)" % (run_index, last[:200]))
        if sha(model) != before:
            fail("repl", "run %d: the model file changed without :save" % run_index)
        print("  repl run %d: %d lines, status %d, %.1f s" % (run_index, len(lines), status, time.time() - started), flush=True)
    return "lines fed %d in %d runs" % (fed, runs)


# ---------------------------------------------------------------------------------------------
# nntool given random argument vectors and hostile files


def options_of(nntool, subcommand):
    _, out, _ = run([nntool, subcommand, "--help"], timeout=30)
    words = out.decode(errors="replace").replace(",", " ").replace("=", " ").split()
    return sorted(set(w.rstrip(".:)") for w in words if w.startswith("--") and len(w) > 2))


def test_argv(bin_dir, work, quick):
    rng = random.Random(SEED + 1)
    nntool = os.path.join(bin_dir, "nntool")
    subcommands = ["train", "inspect", "predict", "eval", "convert", "verify", "diff", "meta",
                   "completion"]
    files = ["gender.nnm", "gender.csv", "bigA.nnm", "empty.nnm", "garbage.nnm", "truncated.nnm",
             "flipped.nnm", "claims-huge.nnm", "spaces.json", "deep.json", "bad.csv", "nul.csv",
             "missing.nnm", "adir", "/dev/zero", "/dev/urandom", "-", "out.nnm", "out.json",
             "missing-dir/o.nnm", "/dev/full"]
    values = NUMBERS + ["gender", "F", "M", "sigmoid", "relu", "mse", "adam", "f32", "json",
                        "binary", "2,2", "1,2,3", "shift", "a=b", "=", "", "--", "😀", "\x1b[2J"]
    # Inputs read as CSV get endless devices too unless SOAK_CSV_ENDLESS=0.
    csv_options = {"--data", "--input", "--inputs"}
    runs = 0
    counts = {"ok": 0, "error": 0}
    per_command = 12 if quick else 45
    for subcommand in subcommands:
        options = options_of(nntool, subcommand)
        for _ in range(per_command):
            argv = [nntool, subcommand]
            for _ in range(rng.randrange(0, 9)):
                choice = rng.random()
                if choice < 0.35 and options:
                    option = rng.choice(options)
                    argv.append(option)
                    pool = files if option not in csv_options or CSV_ENDLESS else [
                        f for f in files if f not in ("/dev/zero", "/dev/urandom", "-")]
                    argv.append(rng.choice(pool if rng.random() < 0.5 else values))
                elif choice < 0.7:
                    argv.append(rng.choice(files))
                else:
                    argv.append(rng.choice(values))
            if subcommand == "train" and "--epochs" not in argv:
                argv += ["--epochs", "3"]  # keep each run short
            stdin_source = rng.choice(["null", "model", "garbage"] + (["zero"] if CSV_ENDLESS else []))
            stdin_path = {"null": "/dev/null", "zero": "/dev/zero", "model": os.path.join(work, "gender.nnm"),
                          "garbage": os.path.join(work, "garbage.nnm")}[stdin_source]
            with open(stdin_path, "rb") as stdin:
                status, _, err = run(argv, stdin=stdin, timeout=60, cwd=work)
            runs += 1
            shown = " ".join(repr(a) for a in argv[1:])
            if status is None:
                fail("argv", "hung: nntool %s < %s" % (shown, stdin_path))
            elif status < 0 or status >= 128:
                fail("argv", "crashed (status %s): nntool %s < %s: %s" % (status, shown, stdin_path, err[-300:]))
            else:
                counts["ok" if status == 0 else "error"] += 1
            for leftover in ("out.nnm", "out.json"):
                path = os.path.join(work, leftover)
                if os.path.exists(path):
                    status, out, _ = run([nntool, "verify", leftover], cwd=work)
                    if status != 0:
                        fail("argv", "a written model does not verify: %s" % out[-300:])
                    os.unlink(path)
    return "argument vectors %d (%d succeeded, %d refused cleanly)" % (runs, counts["ok"], counts["error"])


# ---------------------------------------------------------------------------------------------
# kill -9 at random moments of writers


def writer_duration(argv, cwd, stdin_bytes=None):
    started = time.time()
    run(argv, cwd=cwd, input_bytes=stdin_bytes, timeout=120)
    return time.time() - started


def kill_rounds(test, argv, target, cwd, rounds, rng, stdin_bytes=None):
    nntool_verify = [os.path.join(BIN_DIR, "nntool"), "verify", target]
    old = sha(os.path.join(cwd, target))
    duration = writer_duration(argv, cwd, stdin_bytes)
    new = sha(os.path.join(cwd, target))
    states = {old: 0, new: 0}
    most_temporaries = 0
    for _ in range(rounds):
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE if stdin_bytes else subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                preexec_fn=limit_child)
        if stdin_bytes:
            threading.Thread(target=lambda p=proc: _feed(p, stdin_bytes), daemon=True).start()
        time.sleep(rng.uniform(0, duration * 1.1))
        proc.kill()
        proc.wait()
        status, out, _ = run(nntool_verify, cwd=cwd)
        digest = sha(os.path.join(cwd, target))
        if status != 0 or digest not in states:
            fail(test, "after a kill the target is torn: %s" % out.decode(errors="replace")[:300])
            shutil.copy(os.path.join(WORK, "gender.nnm"), os.path.join(cwd, target))
            continue
        states[digest] += 1
        most_temporaries = max(most_temporaries, len(temporaries(cwd)))
    # One complete write afterwards removes what killed writers left.
    run(argv, cwd=cwd, input_bytes=stdin_bytes, timeout=120)
    left = len(temporaries(cwd))
    if most_temporaries > 1 or left:
        fail(test, "temporary files pile up: at most %d at once, %d after a clean write" % (most_temporaries, left))
    return rounds, most_temporaries


def _feed(proc, data):
    try:
        proc.stdin.write(data)
        proc.stdin.close()
    except OSError:
        pass


def test_kill(bin_dir, work, quick):
    rng = random.Random(SEED + 2)
    nntool = os.path.join(bin_dir, "nntool")
    rounds = 8 if quick else 30
    total = 0
    results = []
    for name, argv, target, stdin_bytes in [
        ("train", [nntool, "train", "--data", "many.csv", "--target", "y", "--hidden", "16",
                   "--epochs", "20", "--seed", "5", "--out", "k-train.nnm"], "k-train.nnm", None),
        ("convert", [nntool, "convert", "huge.nnm", "k-convert.json"], "k-convert.json", None),
        ("repl-save", [os.path.join(bin_dir, "nnrepl"), "huge.nnm"], "k-repl.nnm",
         b":save k-repl.nnm\n" * 20),
    ]:
        directory = os.path.join(work, "kill-" + name)
        os.mkdir(directory)
        for needed in ("many.csv", "huge.nnm"):
            os.symlink(os.path.join(work, needed), os.path.join(directory, needed))
        shutil.copy(os.path.join(work, "gender.nnm" if not target.endswith(".json") else "gender.nnm"),
                    os.path.join(directory, target))
        count, most = kill_rounds("kill", argv, target, directory, rounds, rng, stdin_bytes)
        total += count
        results.append("%s %d (temporaries at most %d)" % (name, count, most))
    return "kills %d: %s" % (total, ", ".join(results))


# ---------------------------------------------------------------------------------------------
# Two writers racing to one path, readers (eager and mapped) reading meanwhile


def test_race(bin_dir, work, quick):
    nntool = os.path.join(bin_dir, "nntool")
    directory = os.path.join(work, "race")
    os.mkdir(directory)
    for name in ("bigA.nnm", "bigB.nnm"):
        shutil.copy(os.path.join(work, name), os.path.join(directory, name))
    target = os.path.join(directory, "target.nnm")
    shutil.copy(os.path.join(work, "bigA.nnm"), target)
    good = {sha(os.path.join(directory, "bigA.nnm")), sha(os.path.join(directory, "bigB.nnm"))}
    seconds = 6 if quick else 25
    deadline = time.time() + seconds
    stats = {"writes": 0, "eager": 0, "mapped": 0, "torn": 0}
    lock = threading.Lock()

    def writer(source):
        while time.time() < deadline:
            status, _, err = run([nntool, "convert", source, "target.nnm"], cwd=directory)
            with lock:
                stats["writes"] += 1
            if status != 0:
                fail("race", "a writer failed: %s" % err[-200:])

    def eager_reader():
        while time.time() < deadline:
            status, out, _ = run([nntool, "verify", "target.nnm"], cwd=directory)
            with lock:
                stats["eager"] += 1
                if status != 0:
                    stats["torn"] += 1
                    fail("race", "eager read saw a torn model: %s" % out[-200:])

    def mapped_reader():
        while time.time() < deadline:
            with open(target, "rb") as f:
                with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                    digest = hashlib.sha256(mapped).hexdigest()
            with lock:
                stats["mapped"] += 1
                if digest not in good:
                    stats["torn"] += 1
                    fail("race", "mapped read saw bytes of no complete model")

    threads = [threading.Thread(target=writer, args=("bigA.nnm",)),
               threading.Thread(target=writer, args=("bigB.nnm",)),
               threading.Thread(target=eager_reader), threading.Thread(target=mapped_reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if temporaries(directory):
        fail("race", "temporary files left: %s" % temporaries(directory))
    return "races %d writes by 2 writers, %d eager and %d mapped reads, %d torn" % (
        stats["writes"], stats["eager"], stats["mapped"], stats["torn"])


# ---------------------------------------------------------------------------------------------
# A full disk


def test_disk(bin_dir, work, quick):
    nntool = os.path.join(bin_dir, "nntool")
    nnrepl = os.path.join(bin_dir, "nnrepl")
    results = []
    # /dev/full: every write fails with ENOSPC.
    status, _, err = run([nntool, "convert", "gender.nnm", "/dev/full"], cwd=work)
    if status != 73 or b"No space left on device" not in err:
        fail("disk", "convert to /dev/full: status %s, %r" % (status, err[-200:]))
    results.append("/dev/full refused")
    mount = os.path.join(work, "small-disk")
    os.mkdir(mount)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount],
                                           stderr=subprocess.DEVNULL).returncode != 0:
        print("  disk: a small tmpfs needs root and mount(2); only /dev/full was tried")
        return ", ".join(results) + ", tmpfs skipped"
    try:
        old = os.path.join(mount, "model.nnm")
        shutil.copy(os.path.join(work, "gender.nnm"), old)
        before = sha(old)
        # Leave 8 KiB free: less than any model written below needs.
        disk = os.statvfs(mount)
        with open(os.path.join(mount, "filler"), "wb") as f:
            f.write(b"\0" * (disk.f_bavail * disk.f_frsize - 8192))
        checks = [
            ("convert", [nntool, "convert", os.path.join(work, "bigA.nnm"), old], None, 73),
            ("train", [nntool, "train", "--data", "many.csv", "--target", "y", "--hidden", "400",
                       "--epochs", "1", "--out", old], None, 73),
            ("repl :save", [nnrepl, "bigA.nnm"], (":save %s\n:help save\n" % old).encode(), None),
        ]
        for name, argv, stdin_bytes, expected in checks:
            status, out, err = run(argv, cwd=work, input_bytes=stdin_bytes)
            message = err.decode(errors="replace")
            if expected is not None and status != expected:
                fail("disk", "%s on a full disk: status %s (expected %d): %s" % (name, status, expected, message[-200:]))
            if "No space left on device" not in message:
                fail("disk", "%s on a full disk: no clear error: %r" % (name, message[-200:]))
            if sha(old) != before:
                fail("disk", "%s on a full disk changed the old file" % name)
            if temporaries(mount):
                fail("disk", "%s on a full disk left %s" % (name, temporaries(mount)))
            if name == "repl :save" and ":save [PATH]" not in out.decode(errors="replace"):
                fail("disk", "the REPL stopped answering after the failed :save")
            results.append("%s refused, old file intact" % name)
    finally:
        subprocess.run(["umount", mount])
    return ", ".join(results)


TESTS = {"repl": test_repl, "argv": test_argv, "kill": test_kill, "race": test_race, "disk": test_disk}


def main(argv):
    global BIN_DIR, WORK
    args = [a for a in argv[1:] if not a.startswith("--")]
    quick = "--quick" in argv
    if not args:
        sys.stderr.write(__doc__)
        return 2
    BIN_DIR = os.path.abspath(args[0])
    chosen = args[1:] or list(TESTS)
    WORK = tempfile.mkdtemp(prefix="nnkit-soak-")
    print("soak: seed %d, address space %d MiB, CSV endless devices %s, work %s" % (
        SEED, ADDRESS_SPACE >> 20, "on" if CSV_ENDLESS else "off", WORK), flush=True)
    try:
        make_fixtures(BIN_DIR, WORK)
        for name in chosen:
            started = time.time()
            figures = TESTS[name](BIN_DIR, WORK, quick)
            print("FIGURES %s: %s; %.0f s; peak memory of a child %.0f MB" % (
                name, figures, time.time() - started, peak_memory_mb()), flush=True)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    if failures:
        print("soak: %d failures" % len(failures))
        return 1
    print("soak: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
