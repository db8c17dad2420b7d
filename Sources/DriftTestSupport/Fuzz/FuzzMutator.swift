/// Mutations of a valid input: byte flips, truncation, splicing, structural duplication, deep
/// nesting, hostile tokens, and the encodings a hand-made file may have (BOM, CRLF, tabs,
/// invalid UTF-8).
///
/// Every choice comes from the generator, so an input is a function of its seed alone.
public struct FuzzMutator {
  /// The largest input made, so that one input cannot take the whole run.
  public static let maximumSize = 4 << 20

  /// The names of the mutations applied so far, for reports.
  public private(set) var applied: [String] = []

  var generator: SeededGenerator

  /// A mutator whose choices follow `seed`.
  public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

  /// `seed` mutated one to four times, the mutations fitting `kind`; `others` are the seeds of
  /// the same kind, for splicing.
  public mutating func mutate(_ seed: [UInt8], kind: FuzzKind, others: [[UInt8]]) -> [UInt8] {
    var bytes = seed
    // One input in twenty is a seed as it is: valid inputs must pass as well.
    if int(20) == 0 {
      applied.append("none")
      return bytes
    }
    // Mostly one mutation, so that most inputs get past the readers to what comes after.
    for _ in 0..<[1, 1, 1, 1, 2, 2, 3, 4][int(8)] {
      bytes = once(bytes, kind: kind, others: others)
      if bytes.count > Self.maximumSize { bytes = Array(bytes.prefix(Self.maximumSize)) }
    }
    return bytes
  }

  mutating func int(_ bound: Int) -> Int { Int(generator.next() % UInt64(max(bound, 1))) }

  mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

  mutating func once(_ bytes: [UInt8], kind: FuzzKind, others: [[UInt8]]) -> [UInt8] {
    var bytes = bytes
    var names = [
      "flip", "byte", "truncate", "token", "token", "token", "splice", "duplicate", "delete",
      "nest", "bom", "crlf", "tabs", "utf8", "number", "name", "repeat",
    ]
    if kind.isYAML { names += ["alias-bomb", "anchor", "tag", "documents", "flow"] }
    if kind.isJSON { names += ["duplicate-key", "escape", "json-nest"] }
    let name = pick(names)
    applied.append(name)
    let position = int(bytes.count + 1)
    switch name {
    case "flip":
      for _ in 0..<(1 + int(8)) where !bytes.isEmpty {
        bytes[int(bytes.count)] ^= UInt8(1 << int(8))
      }
    case "byte":
      let interesting: [UInt8] = [
        0, 0xff, 0x80, 0xc0, 0xfe, 0x09, 0x0d, 0x0a, 0x22, 0x27, 0x3a, 0x7b, 0x5b, 0x26, 0x2a,
        0x21, 0x25, 0x23, 0x5c, 0x7f, 0x1b, 0x2d, 0x3d, 0x24,
      ]
      for _ in 0..<(1 + int(4)) where !bytes.isEmpty { bytes[int(bytes.count)] = pick(interesting) }
    case "truncate":
      bytes = Array(bytes.prefix(position))
    case "token":
      bytes.insert(
        contentsOf: Array(pick(HostileTokens.tokens(for: kind)).utf8), at: linePosition(bytes))
    case "splice":
      let other = others.isEmpty ? bytes : pick(others)
      bytes = Array(bytes.prefix(position)) + other.suffix(from: int(other.count + 1))
    case "duplicate":
      let lines = lineRanges(bytes)
      guard !lines.isEmpty else { break }
      let first = int(lines.count)
      let last = min(lines.count - 1, first + int(12))
      let chunk = Array(bytes[lines[first].lowerBound..<lines[last].upperBound])
      bytes.insert(contentsOf: chunk, at: lines[int(lines.count)].lowerBound)
    case "delete":
      let lines = lineRanges(bytes)
      guard !lines.isEmpty else { break }
      let first = int(lines.count)
      let last = min(lines.count - 1, first + int(6))
      bytes.removeSubrange(lines[first].lowerBound..<lines[last].upperBound)
    case "nest", "json-nest":
      let depth = pick([64, 200, 1_000, 10_000, 100_000])
      let (open, close): (String, String) =
        kind.isHCL
        ? pick([("[", "]"), ("{a=", "}"), ("(", ")")])
        : kind.isJSON ? pick([("[", "]"), ("{\"a\":", "}")]) : pick([("[", "]"), ("{a: ", "}")])
      let text =
        String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
      let at = linePosition(bytes)
      bytes.insert(contentsOf: Array((kind.isHCL ? "x = " + text + "\n" : text).utf8), at: at)
    case "bom":
      bytes = [0xef, 0xbb, 0xbf] + bytes
    case "crlf":
      bytes = bytes.flatMap { $0 == 0x0a ? [0x0d, 0x0a] : [$0] }
    case "tabs":
      var result: [UInt8] = []
      var lineStart = true
      for byte in bytes {
        if lineStart && byte == 0x20 && int(3) == 0 {
          result.append(0x09)
          continue
        }
        lineStart = byte == 0x0a || (lineStart && byte == 0x20)
        result.append(byte)
      }
      bytes = result
    case "utf8":
      let invalid: [[UInt8]] = [
        [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf], [0xff],
        [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xef, 0xbf, 0xbe], [0x00],
      ]
      bytes.insert(contentsOf: pick(invalid), at: position)
    case "number":
      let numbers = [
        "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "01", "2.e3", "-0",
        "0x7fffffffffffffff", "18446744073709551616", "-9223372036854775809", ".5", "1.", "NaN",
        "Infinity", "1_000", "0o777",
      ]
      bytes = replaceDigits(bytes, with: pick(numbers))
    case "name":
      let length = pick([254, 300, 4_096, 70_000])
      let filler = pick(["a", "x/", "é", "../", "\\u0000", "%2F", "~"])
      let long = String(String(repeating: filler, count: length).prefix(length))
      bytes = replaceName(bytes, with: long)
    case "repeat":
      let copies = 2 + int(30)
      var repeated: [UInt8] = []
      for _ in 0..<copies where repeated.count + bytes.count <= Self.maximumSize {
        repeated += bytes
        if kind.isYAML { repeated += Array("\n---\n".utf8) }
      }
      bytes = repeated
    case "alias-bomb":
      var bomb =
        "\nbomb:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
      for level in 1...(4 + int(8)) {
        let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",")
        bomb += "  a\(level): &a\(level) [\(refs)]\n"
      }
      bytes += Array(bomb.utf8)
    case "anchor":
      let tokens = ["&a ", "*a", "*nope", "<<: *a\n", "&a [*a]", "<<: [*a, *a]\n", "&x &y ", "* "]
      bytes.insert(contentsOf: Array(pick(tokens).utf8), at: valuePosition(bytes))
    case "tag":
      let tags = [
        "!!binary ", "!!str ", "!!int ", "!!float ", "!!map ", "!!seq ", "!!set ", "!!omap ",
        "!custom ", "!<tag:yaml.org,2002:str> ", "!!python/object:os.system ", "!! ", "!<> ",
        "!!timestamp ", "!!null ",
      ]
      bytes.insert(contentsOf: Array(pick(tags).utf8), at: valuePosition(bytes))
    case "documents":
      let separators = [
        "\n---\n", "\n...\n", "\n--- |\n  x\n", "\n%YAML 1.2\n---\n", "\n---\n---\n",
      ]
      let at = lineRanges(bytes).map(\.lowerBound).randomElement(using: &generator) ?? 0
      bytes.insert(contentsOf: Array(pick(separators).utf8), at: at)
      if int(2) == 0 { bytes += Array("\n---\n".utf8) + seedPrefix(bytes) }
    case "flow":
      let flows = ["{", "}", "[", "]", "{a: [b, {c: d}]}", "[{}, [], ,]", "{? a}", "{a: b, a: c}"]
      bytes.insert(contentsOf: Array(pick(flows).utf8), at: valuePosition(bytes))
    case "duplicate-key":
      // The first key of an object, once more with another value.
      if let brace = bytes.firstIndex(of: 0x7b), let quote = bytes[brace...].firstIndex(of: 0x22),
        let end = bytes[(quote + 1)...].firstIndex(of: 0x22)
      {
        let key = Array(bytes[quote...end])
        bytes.insert(contentsOf: key + Array(": null, ".utf8), at: quote)
      }
    case "escape":
      let escapes = [
        "\\u0000", "\\ud800", "\\udc00\\ud800", "\\x41", "\\", "\\u12", "\\uDBFF\\uDFFF", "\\/",
        "\\u001b[31m", "\\n", "\\r\\n", "\\u2028", "\\u0085",
      ]
      guard let quote = bytes.indices.filter({ bytes[$0] == 0x22 }).randomElement(using: &generator)
      else { break }
      bytes.insert(contentsOf: Array(pick(escapes).utf8), at: quote + 1)
    default:
      break
    }
    return bytes
  }

  /// The first half of the input, to append as another document.
  func seedPrefix(_ bytes: [UInt8]) -> [UInt8] { Array(bytes.prefix(bytes.count / 2)) }

  /// The ranges of the lines, each with its newline.
  func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == 0x0a {
      ranges.append(start..<(index + 1))
      start = index + 1
    }
    if start < bytes.count { ranges.append(start..<bytes.count) }
    return ranges
  }

  /// The start of a random line, or a random position (one time in four).
  mutating func linePosition(_ bytes: [UInt8]) -> Int {
    let lines = lineRanges(bytes)
    if lines.isEmpty || int(4) == 0 { return int(bytes.count + 1) }
    let line = lines[int(lines.count)]
    // After the line's indentation, so that the token lands in the structure.
    var at = line.lowerBound
    while at < line.upperBound && bytes[at] == 0x20 { at += 1 }
    return at
  }

  /// Just after a random `: ` (where a YAML value starts), else a random position.
  mutating func valuePosition(_ bytes: [UInt8]) -> Int {
    var candidates: [Int] = []
    for index in bytes.indices.dropLast() where bytes[index] == 0x3a && bytes[index + 1] == 0x20 {
      candidates.append(index + 2)
    }
    return candidates.isEmpty ? int(bytes.count + 1) : pick(candidates)
  }

  /// The input with a random run of digits replaced by `number`.
  mutating func replaceDigits(_ bytes: [UInt8], with number: String) -> [UInt8] {
    var runs: [Range<Int>] = []
    var index = 0
    while index < bytes.count {
      if (0x30...0x39).contains(bytes[index]) {
        let start = index
        while index < bytes.count && (0x30...0x39).contains(bytes[index]) { index += 1 }
        runs.append(start..<index)
      } else {
        index += 1
      }
    }
    guard !runs.isEmpty else { return bytes + Array(number.utf8) }
    var result = bytes
    result.replaceSubrange(pick(runs), with: Array(number.utf8))
    return result
  }

  /// The input with the value after a random `name` key (JSON or YAML) replaced by `name`.
  mutating func replaceName(_ bytes: [UInt8], with name: String) -> [UInt8] {
    let keys = [Array("\"name\": \"".utf8), Array("\"name\":\"".utf8), Array("name: ".utf8)]
    var candidates: [Int] = []
    for key in keys {
      var index = 0
      while index + key.count <= bytes.count {
        if Array(bytes[index..<(index + key.count)]) == key { candidates.append(index + key.count) }
        index += 1
      }
    }
    guard !candidates.isEmpty else { return bytes + Array(name.utf8) }
    var result = bytes
    result.insert(contentsOf: Array(name.utf8), at: pick(candidates))
    return result
  }
}

/// Tokens that break parsers and evaluators, by kind of input.
///
/// Terraform regular expressions (`replace` with a `/regex/`, `regex`, `regexall`) are left
/// out: they are being bounded on main (issue 24) and would only find that known hang.
enum HostileTokens {
  static let common = [
    "\"", "'", "\\", "{", "}", "[", "]", ":", ",", "#", "\n", "\r", "\t", "\0", "\u{1b}[2J",
    "\u{FEFF}", "\u{2028}", "$(touch /tmp/pwned)", "`id`", "../../../../etc/passwd", "/etc/passwd",
    "%s%s%s%n", "{{", "}}", "{{#a}}{{/a}}", "${", "%{", "\u{0}\u{0}",
    String(repeating: "A", count: 5_000),
    "ﬃ", "İ", "\u{10FFFF}",
  ]

  static let yaml = [
    "&a ", "*a", "*undefined", "<<: *a\n", "!!binary ", "!!str ", "!custom ", "? ", "- ",
    "---\n", "...\n", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "|\n", ">-\n", "|-9\n", ".inf",
    ".nan", "~", "null", "yes", "on", "0o777", "1e400", "key: value\n", "kind: List\n",
    "items:\n", "items: [null, 1, \"x\", []]\n", "metadata:\n  name: a\n",
    "namespace: ../../x\n", "name: a/b\n", "name: \"a\\0b\"\n", "name: \"\"\n",
    "drift.git/ignore: \"/spec/**,/\"\n", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n",
    "generateName: x-\n", "managedFields: [{manager: m, fieldsV1: {\"f:x\": 1}}]\n",
    "kind: Kustomization\n", "kind: HelmRelease\n", "\"f:spec\": {}\n", "- {a: *a}\n",
  ]

  static let json = [
    "01", "-0", "2.e3", "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "NaN",
    "Infinity", "true", "null", ",", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\x\"",
    "\"items\":[],", "\"kind\":\"List\",", "\"metadata\":{\"name\":\"x\"},", "\"name\":\"a/b\",",
    "\"name\":\"../x\",", "\"name\":\"\",", "/*", "//", "[]", "{}", "\"a\":", "[[[[[[[[",
    "\"managedFields\":[{\"manager\":1}],", "\"data\":{\"k\":1},", "\"namespace\":null,",
  ]

  static let terraformJSON = [
    "\"version\": 3,", "\"version\": 4,", "\"resources\": null,", "\"mode\": \"data\",",
    "\"sensitive_values\": true,", "\"address\": \"x[\\\"a/b\\\"]\",", "\"index_key\": 1e400,",
    "\"index_key\": [],", "\"instances\": [{}],", "\"values\": null,", "\"type\": \"\",",
    "\"module\": \"module.\",", "\"child_modules\": [{}],", "\"sensitive_attributes\": [[]],",
    "\"prior_state\": {},", "\"format_version\": \"99.0\",", "\"terraform_version\": null,",
  ]

  static let hcl = [
    "${", "%{", "%{ for x in y }", "%{ endfor }", "}", "{", "\"", "<<EOT\n", "EOT\n", "<<-X\n",
    "count = 100000\n", "count = -1\n", "count = 1e400\n",
    "for_each = toset([for i in range(1000) : tostring(i)])\n",
    "x = range(1000000)\n", "x = range(0, 1e9, 0.001)\n", "x = format(\"%100000000d\", 1)\n",
    "x = format(\"%*d\", 1)\n", "dynamic \"x\" {\n", "content {\n", "var.", "local.", "module.",
    "each.key", "count.index", "...", "=>", "?", "#", "//", "/*", "*/", "try(", "can(",
    "jsonencode(", "jsondecode(\"[[[[[[[[[[\")", "yamldecode(\"&a [*a, *a]\")", "strrev(",
    "lookup(", "merge(", "flatten(", "setproduct(range(100), range(100), range(100))",
    "join(\"\", [for i in range(100000) : \"xxxxxxxxxx\"])", "file(\"/etc/passwd\")",
    "file(\"../../../etc/passwd\")", "templatefile(\"x\", {})",
    "cidrsubnet(\"10.0.0.0/8\", 200, 0)",
    "pow(10, 400)", "9999999999999999999999999999", "abs(-0)", "tostring(null)", "x = 1\nx = 2\n",
    "locals { a = local.b\nb = local.a }\n", "variable \"v\" { default = var.v }\n",
    "module \"m\" { source = \"./\" }\n", "module \"r\" { source = \"../..\" }\n",
    "resource \"a\" \"b\" { count = 3\nfor_each = {} }\n", "moved { from = a.b\nto = a.b }\n",
    "terraform { required_version = \">= 99\" }\n", "\\u0000", "strrev(\"ﬃ\")",
    "substr(\"abc\", 0, -9999999)", "element([], 0)", "chunklist(range(1000), 0)",
    "formatlist(\"%s\", range(1024))", "sum([])", "max()", "tomap({a=1,b=\"x\"})",
    "templatestring(\"${x}\", {})", "upper(", "split(\"\", \"abc\")",
  ]

  static let driftIgnore = [
    "*", "**", "!", "#", "**************/debug-ta", "[", "]", "?", "\\", "#/spec/replicas",
    "Deployment.apps/prod/*#/spec/**", "#/", "/~0~1~2", "!**\n", "*\n", "a#b#c", "{a,b}",
    String(repeating: "*a", count: 500), String(repeating: "**/", count: 200) + "x",
  ]

  static let codeOwners = [
    "* @team\n", "**/x @a\n", "[", "!", "\\ ", "/apps/ @x\n", "@", "*****************x @y\n",
    "# comment\n", "[Section][2] @s\n", "^[Optional] @o\n", "apps/** user@example.com\n",
    String(repeating: "*a", count: 500) + " @z\n", "/\n", "//\n", "\\#x @w\n",
  ]

  static let driftConfig = [
    "format: helm\n", "format: kustomize\n", "format: nosuch\n", "format: hcl\n",
    "paths: [\"../x\"]\n", "paths: [\"/etc\"]\n", "paths: []\n", "paths: \"**\"\n",
    "postmortems: ../outside\n", "name: prod~\n", "name: \"a\\0b\"\n", "name: \"a b\"\n",
    "expires: 2020-13-45\n", "expires: 1970-01-01\n", "severity: nosuch\n", "version: 99\n",
    "capture: \"touch /tmp/pwned\"\n", "namespace: \"\"\n", "namespace: [a]\n", "unit: x\n",
    "sources: []\n", "sources: {}\n", "ignore: [{}]\n", "ignore: [{resource: \"**\"}]\n",
    "policies: [{path: \"/**\", severity: critical}]\n", "branch: \"\"\n", "branch: ../x\n",
    "  - name: prod-k8s\n    format: kubernetes\n    paths: [\"apps/**\"]\n",
    "managers: [\"\"]\n", "reason: |\n  multi\n  line\n",
  ]

  static func tokens(for kind: FuzzKind) -> [String] {
    switch kind {
    case .manifest, .exportYAML: return common + yaml
    case .exportJSON: return common + json
    case .terraformLive, .terraformDesired: return common + json + terraformJSON
    case .driftConfig: return common + yaml + driftConfig
    case .driftIgnore: return common + driftIgnore
    case .codeOwners: return common + codeOwners
    case .hcl, .tfvars: return common + hcl
    }
  }
}
