public import BigInt

/// A number of the Terraform language: a binary floating-point number of 512 bits of mantissa,
/// as cty keeps them (Go's `big.Float`, rounded to nearest even), printed as Terraform prints
/// it: the shortest decimal that reads back to the same number, without an exponent.
///
/// So `0.1 + 0.2` is `0.3`, `9007199254740993` keeps its last digit, and `1 / 3` has 155
/// digits, as in `terraform console`. The results of functions that Terraform computes with
/// Go's float64 (`pow`, `log`) keep 53 bits and print as such (`pow(2, 100)` is
/// `1267650600228229400000000000000`), until arithmetic with a 512-bit number widens them.
///
/// Integers that fit a machine word, nearly every number a configuration holds, are stored as
/// one: their arithmetic never allocates.
public struct TerraformNumber: Sendable {
  /// The mantissa bits of every number Terraform reads or computes.
  public static let precision = 512
  /// The mantissa bits of a Go float64, which some functions compute with.
  public static let doublePrecision = 53

  enum Storage: Sendable {
    /// An exact integer whose digits all print.
    case integer(Int)
    /// ±`mantissa` × 2^`exponent`, `mantissa` odd (or zero, for -0), kept to `precision` bits.
    case binary(negative: Bool, mantissa: BigUInt, exponent: Int, precision: Int)
    case infinity(negative: Bool)
  }

  let storage: Storage

  /// The integer `value`.
  public init(_ value: Int) { storage = .integer(value) }

  /// `value` exactly, with the 53 bits of a float64: what Terraform's float64 functions return.
  public init(_ value: Double) {
    guard value.isFinite else {
      self.init(storage: .infinity(negative: value < 0))
      return
    }
    guard value != 0 else {
      self = value.sign == .minus ? Self.negativeZero : Self(0)
      return
    }
    let bits = BigUInt(value.significandBitPattern)
    // A subnormal float64 has no implicit bit and the least exponent.
    let (mantissa, exponent) =
      value.isNormal ? (bits | (BigUInt(1) << 52), Int(value.exponent) - 52) : (bits, -1_074)
    self = Self.normalized(
      negative: value < 0, mantissa: mantissa, exponent: exponent,
      precision: Self.doublePrecision)
  }

  init(storage: Storage) { self.storage = storage }

  static let negativeZero = TerraformNumber(
    storage: .binary(negative: true, mantissa: 0, exponent: 0, precision: precision))

  /// The number a decimal literal spells (`12`, `-0.5`, `1e-7`, `1.5E+3`), rounded to 512
  /// bits as Terraform reads it; nil for anything else.
  public init?(parsing text: some StringProtocol) {
    var bytes = Array(text.utf8)[...]
    var negative = false
    if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
      negative = sign == UInt8(ascii: "-")
      bytes = bytes.dropFirst()
    }
    var digits: [UInt8] = []
    var fractionDigits = 0
    var seenPoint = false
    var seenDigit = false
    while let byte = bytes.first, byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") {
      bytes = bytes.dropFirst()
      if byte == UInt8(ascii: ".") {
        guard !seenPoint else { return nil }
        seenPoint = true
      } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
        seenDigit = true
        digits.append(byte)
        if seenPoint { fractionDigits += 1 }
      } else {
        return nil
      }
    }
    guard seenDigit else { return nil }
    var exponent = 0
    if !bytes.isEmpty {
      bytes = bytes.dropFirst()
      guard let power = Int(String(decoding: bytes, as: UTF8.self)), abs(power) < 100_000 else {
        return nil
      }
      exponent = power
    }
    exponent -= fractionDigits
    // Most literals are small integers.
    if exponent == 0, digits.count < 18,
      let value = Int(String(decoding: digits, as: UTF8.self))
    {
      self = negative && value == 0 ? Self.negativeZero : Self(negative ? -value : value)
      return
    }
    guard let significand = BigUInt(String(decoding: digits, as: UTF8.self), radix: 10) else {
      return nil
    }
    if significand == 0 {
      self = negative ? Self.negativeZero : Self(0)
      return
    }
    let five = BigUInt(5).power(abs(exponent))
    self =
      exponent >= 0
      ? Self.rounded(
        negative: negative, numerator: significand * five, denominator: 1, exponent: exponent,
        precision: Self.precision)
      : Self.rounded(
        negative: negative, numerator: significand, denominator: five, exponent: exponent,
        precision: Self.precision)
  }

  /// ±`numerator` / `denominator` × 2^`exponent`, rounded to `precision` bits, to nearest even.
  static func rounded(
    negative: Bool, numerator: BigUInt, denominator: BigUInt, exponent: Int, precision: Int
  ) -> TerraformNumber {
    guard !numerator.isZero else { return negative ? negativeZero : Self(0) }
    // A quotient of at least precision + 2 bits, and whether anything was left over.
    let shift = max(0, precision + 2 + denominator.bitWidth - numerator.bitWidth)
    var (quotient, remainder) =
      denominator == 1
      ? (numerator << shift, BigUInt(0))
      : (numerator << shift).quotientAndRemainder(
        dividingBy: denominator)
    var scale = exponent - shift
    let extra = quotient.bitWidth - precision
    if extra > 0 {
      let dropped = quotient & ((BigUInt(1) << extra) - 1)
      let half = BigUInt(1) << (extra - 1)
      quotient >>= extra
      scale += extra
      if dropped > half || (dropped == half && (!remainder.isZero || quotient[bitAt: 0])) {
        quotient += 1
      }
      remainder = 0
    }
    return normalized(negative: negative, mantissa: quotient, exponent: scale, precision: precision)
  }

  /// The number ±`mantissa` × 2^`exponent` (already of at most `precision` bits) in its one
  /// canonical form.
  static func normalized(negative: Bool, mantissa: BigUInt, exponent: Int, precision: Int)
    -> TerraformNumber
  {
    guard !mantissa.isZero else { return negative ? negativeZero : Self(0) }
    let zeros = mantissa.trailingZeroBitCount
    let odd = mantissa >> zeros
    let scale = exponent + zeros
    // An integer that prints all its digits at this precision is a machine integer.
    if scale >= 0, odd.bitWidth + scale <= min(63, precision) {
      let magnitude = Int(odd << scale)
      return Self(negative ? -magnitude : magnitude)
    }
    return Self(
      storage: .binary(negative: negative, mantissa: odd, exponent: scale, precision: precision))
  }

  /// The parts of a finite number: sign, odd mantissa (or zero), exponent and precision.
  var parts: (negative: Bool, mantissa: BigUInt, exponent: Int, precision: Int)? {
    switch storage {
    case .integer(let value):
      let magnitude = BigUInt(value.magnitude)
      guard !magnitude.isZero else { return (false, 0, 0, Self.precision) }
      let zeros = magnitude.trailingZeroBitCount
      return (value < 0, magnitude >> zeros, zeros, Self.precision)
    case .binary(let negative, let mantissa, let exponent, let precision):
      return (negative, mantissa, exponent, precision)
    case .infinity: return nil
    }
  }

  /// Whether the number is below zero (-0 is not).
  public var isNegative: Bool {
    switch storage {
    case .integer(let value): return value < 0
    case .binary(let negative, let mantissa, _, _): return negative && !mantissa.isZero
    case .infinity(let negative): return negative
    }
  }

  /// Whether the number is zero (or -0).
  public var isZero: Bool {
    switch storage {
    case .integer(let value): return value == 0
    case .binary(_, let mantissa, _, _): return mantissa.isZero
    case .infinity: return false
    }
  }

  /// Whether the number is ±infinity (from a float64 function that overflowed).
  public var isInfinite: Bool {
    if case .infinity = storage { return true }
    return false
  }

  /// Whether the number has no fraction.
  public var isInteger: Bool {
    switch storage {
    case .integer: return true
    case .binary(_, let mantissa, let exponent, _): return mantissa.isZero || exponent >= 0
    case .infinity: return false
    }
  }

  /// The number as a machine integer, when it is one and fits.
  public var exactInteger: Int? {
    switch storage {
    case .integer(let value): return value
    case .binary(let negative, let mantissa, let exponent, _):
      guard mantissa.isZero || (exponent >= 0 && mantissa.bitWidth + exponent <= 63) else {
        return nil
      }
      let magnitude = Int(mantissa << exponent)
      return negative ? -magnitude : magnitude
    case .infinity: return nil
    }
  }

  /// The number rounded to a float64, for the functions Terraform computes with Go's float64.
  public var double: Double {
    switch storage {
    case .integer(let value): return Double(value)
    case .infinity(let negative): return negative ? -.infinity : .infinity
    case .binary(let negative, let mantissa, _, _):
      if mantissa.isZero { return negative ? -0.0 : 0 }
      return Double(description) ?? .nan
    }
  }

  /// The number as an integer, if it is one: `BigInt`, for digits beyond a machine word.
  public var bigInteger: BigInt? {
    guard isInteger, let parts else { return nil }
    let magnitude = parts.mantissa << parts.exponent
    return parts.negative ? -BigInt(magnitude) : BigInt(magnitude)
  }
}
