import NNCommandLine

/// W9 in-process: `CSVTable.load` of the W9 file as `nntool eval` reads it (no hashing), the
/// median of `reps` reads, beside the peers' read call alone (`pd.read_csv`, `np.loadtxt`).
func runW9(path: String, reps: Int) throws {
  var cells = 0
  let seconds = try medianSeconds(
    reps: reps, setup: {},
    { _ in
      let table = try CSVTable.load(path: path, options: CSVReadOptions(hashing: false))
      cells = table.rowCount * table.columns.count
      blackHole(table)
    })
  emit(
    "W9", "read CSV, in-process (no import)", impl: "nnkit-reader", value: seconds, unit: "s",
    better: "lower", reps: reps, note: "\(cells) cells; CSVTable.load")
}
