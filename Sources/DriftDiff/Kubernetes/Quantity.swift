import DriftModel

/// A Kubernetes resource quantity (`500m`, `0.5`, `1Gi`, `1e3`), compared by value.
struct Quantity: Equatable {
  let value: Double

  init(exactly value: Double) {
    self.value = value
  }

  private static let suffixes: [(String, Double)] = [
    ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
    ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
    ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12),
    ("P", 1e15), ("E", 1e18),
  ]

  init?(_ text: String) {
    // Suffixes and digits are ASCII: matching bytes avoids breaking text into characters.
    guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
    var number = Substring(text)
    var multiplier = 1.0
    let last = number.utf8.last
    for (suffix, factor) in Self.suffixes
    where suffix.utf8.last == last
      && number.utf8.suffix(suffix.utf8.count).elementsEqual(suffix.utf8)
    {
      number = number.dropLast(suffix.utf8.count)
      multiplier = factor
      break
    }
    guard !number.isEmpty,
      number.utf8.allSatisfy(Self.isNumberByte),
      let mantissa = Double(number)
    else { return nil }
    value = mantissa * multiplier
  }

  /// Whether a decimal number in exponent notation may hold the byte.
  private static func isNumberByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"),
      UInt8(ascii: "+"), UInt8(ascii: "e"), UInt8(ascii: "E"):
      return true
    default:
      return false
    }
  }

  init?(_ value: Value) {
    switch value {
    case .integer(let number): self.init(exactly: Double(number))
    case .double(let number): self.init(exactly: number)
    case .string(let text): self.init(text)
    default: return nil
    }
  }

  /// Equal within floating-point rounding of the suffix arithmetic.
  static func == (lhs: Quantity, rhs: Quantity) -> Bool {
    let scale = max(abs(lhs.value), abs(rhs.value))
    return abs(lhs.value - rhs.value) <= scale * 1e-12
  }
}
