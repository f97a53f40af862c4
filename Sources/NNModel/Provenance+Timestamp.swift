#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension Provenance {
  /// An RFC 3339 UTC time stamp for ``createdAt``, such as `"2026-01-01T00:00:00Z"`: the time
  /// in the `SOURCE_DATE_EPOCH` environment variable (seconds since 1970) when it is set to a
  /// valid number, else the current time.
  ///
  /// Writers record a time stamp only when asked to, so the same training gives the same bytes;
  /// `SOURCE_DATE_EPOCH` makes even stamped builds reproducible.
  public static func creationTimestamp() -> String {
    var seconds = time(nil)
    if let text = getenv("SOURCE_DATE_EPOCH").map({ String(cString: $0) }),
      let value = Int(text), value >= 0
    {
      seconds = time_t(value)
    }
    return rfc3339(seconds: Int(seconds))
  }

  /// The RFC 3339 UTC form of a time in seconds since 1970-01-01T00:00:00Z.
  public static func rfc3339(seconds: Int) -> String {
    var clock = time_t(seconds)
    var parts = tm()
    gmtime_r(&clock, &parts)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
  }
}
