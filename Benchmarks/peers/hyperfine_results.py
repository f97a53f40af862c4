"""Converts a hyperfine --export-json file into result lines: one per command, named by the
command's --command-name (the implementation), with the median wall time in ms.
Usage: hyperfine_results.py HYPERFINE.json WORKLOAD CASE [IMPL=NOTE...]
(each IMPL=NOTE adds NOTE, say which build ran, to that implementation's note)"""

import json
import sys


def main():
    path, workload, case = sys.argv[1], sys.argv[2], sys.argv[3]
    extra = dict(argument.split("=", 1) for argument in sys.argv[4:])
    with open(path) as file:
        data = json.load(file)
    for result in data["results"]:
        times = result["times"]
        cpu = (result.get("user", 0) + result.get("system", 0)) * 1e3
        note = (f"whole process, hyperfine median of {len(times)} runs; "
                f"min {min(times) * 1e3:.2f} ms; CPU (user+sys, mean) {cpu:.2f} ms")
        if result["command"] in extra:
            note += "; " + extra[result["command"]]
        print(json.dumps({"workload": workload, "case": case, "impl": result["command"],
                          "value": result["median"] * 1e3, "unit": "ms", "better": "lower",
                          "reps": len(times), "note": note}))


if __name__ == "__main__":
    main()
