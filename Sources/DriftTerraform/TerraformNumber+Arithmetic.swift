import BigInt

extension TerraformNumber {
  /// The sum, rounded to the wider operand's precision.
  public static func + (lhs: TerraformNumber, rhs: TerraformNumber) -> TerraformNumber {
    if case .integer(let a) = lhs.storage, case .integer(let b) = rhs.storage {
      let (sum, overflow) = a.addingReportingOverflow(b)
      if !overflow { return TerraformNumber(sum) }
    }
    guard let a = lhs.parts, let b = rhs.parts else {
      return lhs.isInfinite ? lhs : rhs
    }
    let exponent = min(a.exponent, b.exponent)
    let left = a.mantissa << (a.exponent - exponent)
    let right = b.mantissa << (b.exponent - exponent)
    let precision = max(a.precision, b.precision)
    if a.negative == b.negative {
      return rounded(
        negative: a.negative, numerator: left + right, denominator: 1, exponent: exponent,
        precision: precision)
    }
    // x + (-x) is +0, as Go rounds to nearest even.
    let (negative, magnitude) =
      left >= right ? (a.negative, left - right) : (b.negative, right - left)
    return rounded(
      negative: negative && !magnitude.isZero, numerator: magnitude, denominator: 1,
      exponent: exponent, precision: precision)
  }

  /// The difference, rounded to the wider operand's precision.
  public static func - (lhs: TerraformNumber, rhs: TerraformNumber) -> TerraformNumber {
    lhs + (-rhs)
  }

  /// The number with its sign flipped (`-0` from `0`, as Go's `big.Float` does).
  public static prefix func - (operand: TerraformNumber) -> TerraformNumber {
    switch operand.storage {
    case .integer(let value):
      if value == 0 { return negativeZero }
      if value != .min { return TerraformNumber(-value) }
    case .binary(let negative, let mantissa, let exponent, let precision):
      return TerraformNumber(
        storage: .binary(
          negative: !negative, mantissa: mantissa, exponent: exponent, precision: precision))
    case .infinity(let negative): return TerraformNumber(storage: .infinity(negative: !negative))
    }
    return normalized(
      negative: false, mantissa: BigUInt(Int.min.magnitude), exponent: 0, precision: precision)
  }

  /// The product, rounded to the wider operand's precision.
  public static func * (lhs: TerraformNumber, rhs: TerraformNumber) -> TerraformNumber {
    if case .integer(let a) = lhs.storage, case .integer(let b) = rhs.storage {
      let (product, overflow) = a.multipliedReportingOverflow(by: b)
      if !overflow, product != 0 { return TerraformNumber(product) }
    }
    guard let a = lhs.parts, let b = rhs.parts else {
      return TerraformNumber(storage: .infinity(negative: lhs.isNegative != rhs.isNegative))
    }
    return rounded(
      negative: a.negative != b.negative, numerator: a.mantissa * b.mantissa, denominator: 1,
      exponent: a.exponent + b.exponent, precision: max(a.precision, b.precision))
  }

  /// The quotient, rounded to the wider operand's precision; nil when `divisor` is zero.
  public func dividing(by divisor: TerraformNumber) -> TerraformNumber? {
    guard !divisor.isZero else { return nil }
    if case .integer(let a) = storage, case .integer(let b) = divisor.storage, a != 0,
      b != -1 || a != .min, a % b == 0
    {
      return TerraformNumber(a / b)
    }
    guard let a = parts, let b = divisor.parts else {
      return isInfinite
        ? TerraformNumber(storage: .infinity(negative: isNegative != divisor.isNegative))
        : TerraformNumber(0)
    }
    return Self.rounded(
      negative: a.negative != b.negative, numerator: a.mantissa, denominator: b.mantissa,
      exponent: a.exponent - b.exponent, precision: max(a.precision, b.precision))
  }

  /// `self % divisor` as cty computes it: `self - divisor × trunc(self / divisor)`, each step
  /// rounded; `self` itself when `divisor` is zero.
  public func remainder(dividingBy divisor: TerraformNumber) -> TerraformNumber {
    if case .integer(let a) = storage, case .integer(let b) = divisor.storage, b != 0,
      b != -1 || a != .min
    {
      return TerraformNumber(a % b)
    }
    guard !divisor.isZero, let quotient = dividing(by: divisor), !quotient.isInfinite,
      !isInfinite
    else { return isInfinite || divisor.isInfinite ? self * divisor : self }
    return self - divisor * quotient.truncated
  }

  /// The integer part, towards zero; never -0, as it goes through Go's `big.Int`.
  public var truncated: TerraformNumber {
    guard case .binary(let negative, let mantissa, let exponent, _) = storage else { return self }
    guard exponent < 0 else { return mantissa.isZero ? TerraformNumber(0) : self }
    let whole = mantissa >> -exponent
    return Self.normalized(
      negative: negative && !whole.isZero, mantissa: whole, exponent: 0,
      precision: Self.precision)
  }

  /// The greatest integer not above the number.
  public var floor: TerraformNumber {
    let whole = truncated
    return isNegative && whole != self ? whole - TerraformNumber(1) : whole
  }

  /// The least integer not below the number.
  public var ceiling: TerraformNumber {
    let whole = truncated
    return !isNegative && whole != self ? whole + TerraformNumber(1) : whole
  }

  /// The number without its sign.
  public var magnitude: TerraformNumber { isNegative ? -self : self }

  /// -1, 0 or 1 as `lhs` is below, equal to or above `rhs`.
  static func compare(_ lhs: TerraformNumber, _ rhs: TerraformNumber) -> Int {
    if case .integer(let a) = lhs.storage, case .integer(let b) = rhs.storage {
      return a < b ? -1 : a > b ? 1 : 0
    }
    guard let a = lhs.parts, let b = rhs.parts else {
      let rank = { (number: TerraformNumber) -> Int in
        number.isInfinite ? (number.isNegative ? -1 : 1) : 0
      }
      return rank(lhs) < rank(rhs) ? -1 : rank(lhs) > rank(rhs) ? 1 : 0
    }
    let aZero = a.mantissa.isZero
    let bZero = b.mantissa.isZero
    if aZero || bZero {
      if aZero && bZero { return 0 }
      return aZero ? (b.negative ? 1 : -1) : (a.negative ? -1 : 1)
    }
    if a.negative != b.negative { return a.negative ? -1 : 1 }
    let sign = a.negative ? -1 : 1
    let aTop = a.mantissa.bitWidth + a.exponent
    let bTop = b.mantissa.bitWidth + b.exponent
    if aTop != bTop { return aTop < bTop ? -sign : sign }
    let exponent = min(a.exponent, b.exponent)
    let left = a.mantissa << (a.exponent - exponent)
    let right = b.mantissa << (b.exponent - exponent)
    return left < right ? -sign : left > right ? sign : 0
  }
}

extension TerraformNumber: Hashable, Comparable {
  /// Equal values are equal whatever their precision; -0 equals 0.
  public static func == (lhs: TerraformNumber, rhs: TerraformNumber) -> Bool {
    compare(lhs, rhs) == 0
  }

  /// Orders by value.
  public static func < (lhs: TerraformNumber, rhs: TerraformNumber) -> Bool {
    compare(lhs, rhs) < 0
  }

  /// Hashes the value, so that equal numbers of any precision hash alike.
  public func hash(into hasher: inout Hasher) {
    if let integer = exactInteger {
      hasher.combine(integer)
    } else if let parts {
      hasher.combine(parts.negative)
      hasher.combine(parts.mantissa)
      hasher.combine(parts.exponent)
    } else {
      hasher.combine(isNegative)
    }
  }
}

extension TerraformNumber: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
  /// The integer.
  public init(integerLiteral value: Int) { self.init(value) }

  /// The number the literal's shortest decimal spells, at 512 bits (as a literal in a
  /// configuration reads).
  public init(floatLiteral value: Double) {
    self = TerraformNumber(parsing: "\(value)") ?? TerraformNumber(value)
  }
}

extension TerraformNumber {
  /// Adds `rhs` to `lhs`.
  public static func += (lhs: inout TerraformNumber, rhs: TerraformNumber) { lhs = lhs + rhs }
}
