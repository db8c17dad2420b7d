public import Foundation

/// RFC 3339 times, as capture times and `--at` are written, read leniently: `2026-11-20`,
/// `2026-11-20T10:00`, `2026-11-20T10:00:00Z`, `2026-11-20T10:00:00.5+02:00`.
public enum Timestamp {
  /// Parses a time; a time without a zone is UTC.
  public static func parse(_ text: String) -> Date? {
    let pattern =
      /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/
    guard let match = text.wholeMatch(of: pattern) else { return nil }
    var components = DateComponents()
    components.year = Int(match.1)
    components.month = Int(match.2)
    components.day = Int(match.3)
    components.hour = match.4.flatMap { Int($0) } ?? 0
    components.minute = match.5.flatMap { Int($0) } ?? 0
    components.second = match.6.flatMap { Int($0) } ?? 0
    var offset = 0
    if let zone = match.8, zone != "Z" {
      let digits = zone.dropFirst().filter(\.isNumber)
      guard digits.count == 4, let hours = Int(digits.prefix(2)),
        let minutes = Int(digits.suffix(2))
      else { return nil }
      offset = (hours * 60 + minutes) * 60 * (zone.first == "-" ? -1 : 1)
    }
    var calendar = Calendar(identifier: .gregorian)
    guard let utc = TimeZone(identifier: "UTC") else { return nil }
    calendar.timeZone = utc
    guard let date = calendar.date(from: components),
      calendar.dateComponents([.year, .month, .day], from: date).day == components.day
    else { return nil }
    let fraction = match.7.map { Double("0." + $0) ?? 0 } ?? 0
    return date.addingTimeInterval(fraction - Double(offset))
  }

  /// Formats a time as `2026-11-20T10:00:00Z`.
  public static func format(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    func pad(_ value: Int?, _ width: Int = 2) -> String {
      let text = String(value ?? 0)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return
      "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))Z"
  }
}
