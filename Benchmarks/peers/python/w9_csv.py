"""W9: reading a numeric CSV file.

  w9_csv.py generate PATH ROWS     writes ROWS rows of x1..x20 (standard normal) and
                                   y = a fixed linear mix plus noise, 5 decimals (seed 9)
  w9_csv.py read PATH pandas|numpy reads the file once and prints the read time (seconds) as
                                   one result line; the caller measures the whole process
"""

import sys
import time

from benchutil import emit


def generate(path, rows):
    import numpy as np

    rng = np.random.default_rng(9)
    features = rng.standard_normal((rows, 20))
    weights = rng.standard_normal(20)
    target = features @ weights + 0.1 * rng.standard_normal(rows)
    data = np.column_stack([features, target])
    header = ",".join([f"x{i}" for i in range(1, 21)] + ["y"])
    np.savetxt(path, data, fmt="%.5f", delimiter=",", header=header, comments="")


def read(path, impl):
    # The import is not timed: the figure is the reading alone, the peers' best case.
    if impl == "pandas":
        import pandas as pd

        start = time.perf_counter()
        frame = pd.read_csv(path)
        cells = frame.shape[0] * frame.shape[1]
    else:
        import numpy as np

        start = time.perf_counter()
        array = np.loadtxt(path, delimiter=",", skiprows=1)
        cells = array.size
    seconds = time.perf_counter() - start
    emit("W9", "read CSV, in-process (no import)", impl, seconds, "s", "lower", 1,
         f"{cells} cells")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]))
    else:
        read(sys.argv[2], sys.argv[3])
