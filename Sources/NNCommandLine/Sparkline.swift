/// A one-line chart of a series, drawn with the eight block characters `▁▂▃▄▅▆▇█`.
///
/// Used for a loss history: `▇▅▃▂▁▁▁▁`. Values are bucketed into at most `width` columns (the
/// mean of each bucket), then scaled between the series' minimum and maximum. Non-finite values
/// draw as a space.
public enum Sparkline {
  private static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// The sparkline of `values` in at most `width` characters (empty for an empty series).
  public static func render(_ values: [Double], width: Int = 40) -> String {
    guard !values.isEmpty, width > 0 else { return "" }
    let bucketCount = min(width, values.count)
    var buckets: [Double] = []
    buckets.reserveCapacity(bucketCount)
    for bucket in 0..<bucketCount {
      let start = bucket * values.count / bucketCount
      let end = max(start + 1, (bucket + 1) * values.count / bucketCount)
      let slice = values[start..<end]
      buckets.append(slice.reduce(0, +) / Double(slice.count))
    }
    let finite = buckets.filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else {
      return String(repeating: " ", count: bucketCount)
    }
    let span = high - low
    return String(
      buckets.map { value -> Character in
        guard value.isFinite else { return " " }
        guard span > 0 else { return blocks[0] }
        let level = Int(((value - low) / span * 7).rounded())
        return blocks[max(0, min(7, level))]
      })
  }
}
