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

extension Provenance {
  /// Whether `text` is a `created_at` value the format accepts (§5.6): an RFC 3339 date-time
  /// in UTC written with `Z`, `YYYY-MM-DDTHH:MM:SS` with an optional fraction of 1 to 9
  /// digits, upper-case `T` and `Z`, a real calendar date (leap years counted) and seconds up
  /// to 60 (a leap second). Offsets, even `+00:00`, are refused: one spelling per instant.
  public static func isValidTimestamp(_ text: String) -> Bool {
    let b = Array(text.utf8)
    guard b.count >= 20, b.count <= 30, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54,
      b[13] == 0x3A, b[16] == 0x3A, b.last == 0x5A
    else { return false }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in b[range] {
        guard byte >= 0x30 && byte <= 0x39 else { return nil }
        value = value * 10 + Int(byte - 0x30)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
      let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
    else { return false }
    let fraction = b[19..<(b.count - 1)]
    if !fraction.isEmpty {
      guard fraction.first == 0x2E, fraction.count >= 2, fraction.count <= 10,
        number((fraction.startIndex + 1)..<fraction.endIndex) != nil
      else { return false }
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return (1...12).contains(month) && day >= 1 && day <= days[month - 1] && hour <= 23
      && minute <= 59 && second <= 60
  }
}
