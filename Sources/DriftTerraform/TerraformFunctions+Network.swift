extension TerraformFunctions {
  /// `cidrsubnet`, `cidrhost` and `cidrnetmask`.
  static func networkFunction(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue?
  {
    switch arguments.function {
    case "cidrsubnet":
      try arguments.expect(3)
      let prefix = try CIDR(parsing: arguments.string(0, "prefix"))
      let newBits = try arguments.integer(1, "newbits")
      let number = try arguments.integer(2, "netnum")
      let length = prefix.length + newBits
      guard newBits >= 0, length <= prefix.bits else {
        throw .failed(
          "cidrsubnet",
          "insufficient address space to extend prefix of \(prefix.length) by \(newBits)")
      }
      guard number >= 0, newBits >= 63 || number < 1 << newBits else {
        throw .failed(
          "cidrsubnet",
          "prefix extension of \(newBits) does not accommodate a subnet numbered \(number)")
      }
      var address = prefix.network
      CIDR.set(&address, UInt64(number), from: prefix.bits - length, count: newBits)
      return .string(CIDR.text(address) + "/" + String(length))
    case "cidrsubnets":
      try arguments.expect(1...Int.max)
      return try cidrsubnets(arguments)
    case "cidrhost":
      try arguments.expect(2)
      let prefix = try CIDR(parsing: arguments.string(0, "prefix"))
      let number = try arguments.integer(1, "hostnum")
      let hostBits = prefix.bits - prefix.length
      let fits =
        hostBits >= 63
        || (number >= 0 ? number < 1 << hostBits : number >= -(1 << hostBits))
      guard fits else {
        throw .failed(
          "cidrhost",
          "prefix of \(prefix.length) bits cannot accommodate a host numbered \(number)")
      }
      var address = prefix.network
      CIDR.set(&address, UInt64(bitPattern: Int64(number)), from: 0, count: hostBits)
      return .string(CIDR.text(address))
    case "cidrnetmask":
      try arguments.expect(1)
      let prefix = try CIDR(parsing: arguments.string(0, "prefix"))
      guard prefix.bits == 32 else {
        throw .failed("cidrnetmask", "only IPv4 networks have a netmask in dotted notation")
      }
      var mask = [UInt8](repeating: 0, count: 4)
      CIDR.set(&mask, .max, from: 32 - prefix.length, count: prefix.length)
      return .string(CIDR.text(mask))
    default: return nil
    }
  }
}

extension TerraformFunctions {
  /// `cidrsubnets(prefix, newbits...)`: consecutive subnets, each aligned after the one before,
  /// as Terraform allocates them (go-cidr's PreviousSubnet, then NextSubnet for each).
  fileprivate static func cidrsubnets(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    let prefix = try CIDR(parsing: arguments.string(0, "prefix"))
    guard arguments.count > 1 else { return .list([], .collection) }
    var lengths: [Int] = []
    for index in 1..<arguments.count {
      let newBits = try arguments.integer(index, "newbits")
      guard newBits >= 1 else {
        throw .invalid("newbits", "must extend prefix by at least one bit")
      }
      let length = prefix.length + newBits
      guard length <= prefix.bits else {
        throw .invalid(
          "newbits",
          "would extend prefix to \(length) bits, which is too long for an "
            + "IPv\(prefix.bits == 32 ? 4 : 6) address")
      }
      lengths.append(length)
    }
    // The subnet of the first length just before the prefix: the start of the walk.
    var current = prefix.network
    decrement(&current)
    current = masked(current, lengths[0])
    var currentLength = lengths[0]
    var subnets: [TerraformValue] = []
    for length in lengths {
      let last = lastAddress(current, currentLength)
      var next = lastAddress(masked(last, length), length)
      let rolledOver = increment(&next)
      next = masked(next, length)
      guard !rolledOver, masked(next, prefix.length) == prefix.network else {
        throw .invalid(
          "newbits",
          "not enough remaining address space for a subnet with a prefix of \(length) bits "
            + "after \(CIDR.text(current))/\(currentLength)")
      }
      current = next
      currentLength = length
      subnets.append(.string(CIDR.text(current) + "/" + String(length)))
    }
    return .list(subnets, .collection)
  }

  /// `address` with the bits after the first `length` cleared.
  private static func masked(_ address: [UInt8], _ length: Int) -> [UInt8] {
    var result = address
    for bit in length..<(address.count * 8) { result[bit / 8] &= ~(UInt8(0x80) >> UInt8(bit % 8)) }
    return result
  }

  /// The last address of the prefix `address/length`.
  private static func lastAddress(_ address: [UInt8], _ length: Int) -> [UInt8] {
    var result = address
    for bit in length..<(address.count * 8) { result[bit / 8] |= UInt8(0x80) >> UInt8(bit % 8) }
    return result
  }

  /// Adds one; true when it wrapped around to zero.
  private static func increment(_ address: inout [UInt8]) -> Bool {
    for index in address.indices.reversed() {
      address[index] &+= 1
      if address[index] != 0 { return false }
    }
    return true
  }

  private static func decrement(_ address: inout [UInt8]) {
    for index in address.indices.reversed() {
      address[index] &-= 1
      if address[index] != 0xFF { return }
    }
  }
}

/// An IPv4 or IPv6 prefix in CIDR notation.
struct CIDR {
  /// The address with its host bits cleared: 4 or 16 bytes.
  var network: [UInt8]
  var length: Int

  var bits: Int { network.count * 8 }

  init(parsing text: String) throws(TerraformFunctionError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let length = Int(parts[1]), parts[1].allSatisfy(\.isNumber),
      let address = Self.parseAddress(String(parts[0])), length <= address.count * 8
    else { throw .invalid("prefix", "invalid CIDR address: \(text)") }
    self.length = length
    network = address
    Self.clear(&network, from: 0, count: address.count * 8 - length)
  }

  /// Sets the `count` bits from bit `low` (0 is the last bit of the address) to the low bits
  /// of `number`, sign-extended beyond 64 bits.
  static func set(_ address: inout [UInt8], _ number: UInt64, from low: Int, count: Int) {
    for offset in 0..<count {
      let bit = offset < 64 ? (number >> UInt64(offset)) & 1 == 1 : number >> 63 == 1
      let position = low + offset
      let byte = address.count - 1 - position / 8
      let mask = UInt8(1) << UInt8(position % 8)
      if bit { address[byte] |= mask } else { address[byte] &= ~mask }
    }
  }

  private static func clear(_ address: inout [UInt8], from low: Int, count: Int) {
    set(&address, 0, from: low, count: count)
  }

  static func parseAddress(_ text: String) -> [UInt8]? {
    if text.contains(":") { return parseIPv6(text) }
    return parseIPv4(text)
  }

  private static func parseIPv4(_ text: String) -> [UInt8]? {
    let octets = text.split(separator: ".", omittingEmptySubsequences: false)
    guard octets.count == 4 else { return nil }
    var bytes: [UInt8] = []
    for octet in octets {
      guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy({ $0.isASCII && $0.isNumber }),
        let value = UInt8(octet)
      else { return nil }
      bytes.append(value)
    }
    return bytes
  }

  private static func parseIPv6(_ text: String) -> [UInt8]? {
    let halves = text.components(separatedByString: "::")
    guard halves.count <= 2 else { return nil }
    func groups(_ part: String) -> [UInt8]? {
      guard !part.isEmpty else { return [] }
      var bytes: [UInt8] = []
      let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
      for (index, piece) in pieces.enumerated() {
        if index == pieces.count - 1, piece.contains(".") {
          guard let v4 = parseIPv4(String(piece)) else { return nil }
          bytes += v4
        } else {
          guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else {
            return nil
          }
          bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
        }
      }
      return bytes
    }
    guard let head = groups(halves[0]) else { return nil }
    if halves.count == 1 { return head.count == 16 ? head : nil }
    guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
    return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
  }

  /// The address as Go writes it: dotted IPv4, or IPv6 with the longest run of zero groups
  /// as `::`.
  static func text(_ address: [UInt8]) -> String {
    if address.count == 4 { return address.map { String($0) }.joined(separator: ".") }
    let groups = stride(from: 0, to: 16, by: 2).map { Int(address[$0]) << 8 | Int(address[$0 + 1]) }
    var bestStart = -1
    var bestLength = 0
    var index = 0
    while index < groups.count {
      var end = index
      while end < groups.count, groups[end] == 0 { end += 1 }
      if end - index > bestLength, end - index >= 2 {
        bestStart = index
        bestLength = end - index
      }
      index = max(end, index + 1)
    }
    func hex(_ range: Range<Int>) -> String {
      groups[range].map { String($0, radix: 16) }.joined(separator: ":")
    }
    guard bestStart >= 0 else { return hex(0..<8) }
    return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
  }
}

extension String {
  /// The parts between occurrences of `separator`, by bytes.
  fileprivate func components(separatedByString separator: String) -> [String] {
    TerraformFunctions.splitBytes(self, by: separator)
  }
}
