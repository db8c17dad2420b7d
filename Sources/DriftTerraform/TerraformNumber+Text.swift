import BigInt

extension TerraformNumber: CustomStringConvertible {
  /// The number as Terraform prints it (Go's `big.Float.Text('f', -1)`): the fewest digits
  /// that read back to the same number at its precision, with no exponent; `-0` for minus
  /// zero, `+Inf` and `-Inf` for infinities.
  public var description: String {
    switch storage {
    case .integer(let value): return String(value)
    case .infinity(let negative): return negative ? "-Inf" : "+Inf"
    case .binary(let negative, let mantissa, let exponent, let precision):
      let sign = negative ? "-" : ""
      guard !mantissa.isZero else { return sign + "0" }
      var decimal = DecimalDigits(mantissa: mantissa, exponent: exponent)
      decimal.roundShortest(mantissa: mantissa, exponent: exponent, precision: precision)
      return sign + decimal.fixed(fractionDigits: max(decimal.digits.count - decimal.exponent, 0))
    }
  }

  /// The number with exactly `fractionDigits` digits after the point, rounded half to even
  /// from its exact binary value (`%.Nf`).
  public func fixed(fractionDigits: Int) -> String {
    guard let parts else { return description }
    let sign = parts.negative ? "-" : ""
    guard !parts.mantissa.isZero else {
      return sign + DecimalDigits(digits: [], exponent: 0).fixed(fractionDigits: fractionDigits)
    }
    var decimal = DecimalDigits(mantissa: parts.mantissa, exponent: parts.exponent)
    decimal.round(decimal.exponent + fractionDigits)
    return sign + decimal.fixed(fractionDigits: fractionDigits)
  }
}

/// A decimal number 0.d₁d₂… × 10^`exponent`, digits without trailing zeros, as Go's
/// `math/big` formats floats with it.
struct DecimalDigits {
  var digits: [UInt8]
  var exponent: Int

  init(digits: [UInt8], exponent: Int) {
    self.digits = digits
    self.exponent = exponent
  }

  /// The exact decimal of `mantissa` × 2^`exponent`.
  init(mantissa: BigUInt, exponent: Int) {
    let integer = exponent >= 0 ? mantissa << exponent : mantissa * BigUInt(5).power(-exponent)
    digits = String(integer).utf8.map { $0 - UInt8(ascii: "0") }
    self.exponent = digits.count + min(exponent, 0)
    trim()
  }

  func at(_ index: Int) -> UInt8 {
    index >= 0 && index < digits.count ? digits[index] : 0
  }

  mutating func trim() {
    while digits.last == 0 { digits.removeLast() }
    if digits.isEmpty { exponent = 0 }
  }

  /// Rounds to `count` digits, half to even.
  mutating func round(_ count: Int) {
    guard count >= 0, count < digits.count else { return }
    let roundsUp =
      digits[count] == 5 && count + 1 == digits.count
      ? count > 0 && digits[count - 1] % 2 == 1 : digits[count] >= 5
    if roundsUp { roundUp(count) } else { roundDown(count) }
  }

  mutating func roundUp(_ count: Int) {
    guard count >= 0, count < digits.count else { return }
    var end = count
    while end > 0, digits[end - 1] >= 9 { end -= 1 }
    if end == 0 {
      digits = [1]
      exponent += 1
      return
    }
    digits[end - 1] += 1
    digits.removeSubrange(end...)
  }

  mutating func roundDown(_ count: Int) {
    guard count >= 0, count < digits.count else { return }
    digits.removeSubrange(count...)
    trim()
  }

  /// Keeps the fewest digits that still lie within half a unit in the last place of
  /// `precision` bits around the number (`mantissa` odd), the bounds included when the
  /// mantissa at that precision is even: Go's `roundShortest` in `math/big`.
  mutating func roundShortest(mantissa: BigUInt, exponent: Int, precision: Int) {
    guard !digits.isEmpty else { return }
    let shift = precision + 1 - mantissa.bitWidth
    let widened = mantissa << shift
    let scale = exponent - shift
    let lower = DecimalDigits(mantissa: widened - 1, exponent: scale)
    let upper = DecimalDigits(mantissa: widened + 1, exponent: scale)
    let inclusive = !widened[bitAt: 1]
    for (index, digit) in digits.enumerated() {
      let low = lower.at(index)
      let high = upper.at(index)
      let downward = low != digit || (inclusive && index + 1 == lower.digits.count)
      let upward =
        digit != high && (inclusive || digit + 1 < high || index + 1 < upper.digits.count)
      switch (downward, upward) {
      case (true, true):
        round(index + 1)
        return
      case (true, false):
        roundDown(index + 1)
        return
      case (false, true):
        roundUp(index + 1)
        return
      case (false, false): continue
      }
    }
  }

  /// `ddd.ddd` with `fractionDigits` digits after the point (Go's `fmtF`).
  func fixed(fractionDigits: Int) -> String {
    var text: [UInt8] = []
    if exponent > 0 {
      let whole = min(digits.count, exponent)
      text += digits[..<whole].map { $0 + UInt8(ascii: "0") }
      text += repeatElement(UInt8(ascii: "0"), count: exponent - whole)
    } else {
      text.append(UInt8(ascii: "0"))
    }
    if fractionDigits > 0 {
      text.append(UInt8(ascii: "."))
      for index in 1...fractionDigits {
        text.append(at(exponent - 1 + index) + UInt8(ascii: "0"))
      }
    }
    return String(decoding: text, as: UTF8.self)
  }
}
