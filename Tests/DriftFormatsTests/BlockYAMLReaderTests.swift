import DriftModel
import DriftTestSupport
import Foundation
import Testing

@testable import DriftFormats

/// The line reader must agree with libyaml exactly (values, their kinds, member order and
/// positions) wherever it reads a file, and leave to libyaml every file libyaml rejects.
@Suite struct BlockYAMLReaderTests {
  /// Whether the line reader read `text` itself; fails when it read it differently from
  /// libyaml, or read a file libyaml rejects.
  @discardableResult
  private func agrees(
    _ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> Bool {
    let bytes = Array(text.utf8)
    guard let fast = BlockYAMLReader.documents(bytes) else { return false }
    do {
      let reference = try YAMLReader.libyamlDocuments(bytes, file: "t.yaml")
      let same =
        fast.count == reference.count
        && zip(fast, reference).allSatisfy { a, b in
          a.position == b.position && identical(a.value, b.value)
        }
      #expect(same, "read differently from libyaml:\n\(text)", sourceLocation: sourceLocation)
    } catch {
      Issue.record(
        "libyaml rejects what was read: \(error)\n\(text)", sourceLocation: sourceLocation)
    }
    return true
  }

  /// Equal in every detail: kinds (integer is not double), member order and positions.
  private func identical(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.integer(let x), .integer(let y)): return x == y
    case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
    case (.string(let x), .string(let y)): return x == y
    case (.sensitive(let x), .sensitive(let y)): return x == y
    case (.array(let x), .array(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
    case (.object(let x), .object(let y)):
      return x.count == y.count
        && zip(x, y).allSatisfy {
          $0.key == $1.key && $0.position == $1.position && identical($0.value, $1.value)
        }
    default: return false
    }
  }

  static let manifest = """
    # app: a comment before the first document
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web   # trailing comment
      labels:
        app.kubernetes.io/name: web
      annotations:
        "quoted/key": 'it''s'
        note: "tab\\tand \\"quotes\\" and \\u00e9"
    spec:
      replicas: 3
      paused: false
      ratio: 0.5
      hex: 0x1F
      empty:
      tilde: ~
      selector:
        matchLabels:
          app: web
      template:
        spec:
          containers:
          - name: app
            image: registry.example.com/web:1.2.3
            args:
              - --port=8080
              - "--verbose"
              -
              - -1
            env:
              - name: URL
                value: http://example.com:8080/a#b
          -   name: sidecar
              command: [sh]
    ---
    kind: ConfigMap
    data:
      script: |
        #!/bin/sh
        echo "a: b # not a comment"

          indented
      stripped: |-
        one
        two


      after: yes
    ---
    - a
    - b: c
      d: e
    -
      - nested
    """

  @Test("Kubernetes manifests with comments, quotes, literals and compact sequences agree")
  func manifestsAgree() {
    // The flow sequence sends the whole file to libyaml; without it the line reader reads it.
    #expect(!agrees(Self.manifest))
    let blockOnly = Self.manifest.replacingOccurrences(of: "command: [sh]", with: "command: sh")
    #expect(agrees(blockOnly))
  }

  @Test("the benchmark workload's manifests are read by the line reader, as libyaml reads them")
  func workloadAgrees() {
    for file in KubernetesWorkload(apps: 30).desiredFiles() {
      #expect(agrees(file.contents), "\(file.path) left to libyaml")
    }
  }

  @Test("every YAML file of the fixtures, examples and corpus agrees or is left to libyaml")
  func fixturesAgree() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    var read = 0
    for folder in ["Tests/Fixtures", "examples", "../shared/corpus"] {
      let base = root.appendingPathComponent(folder)
      guard let files = FileManager.default.enumerator(atPath: base.path) else { continue }
      for case let path as String in files where path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
        let text = try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
        if agrees(text) { read += 1 }
      }
    }
    #expect(read >= 10)
  }

  @Test(
    "what is outside the subset is left to libyaml",
    arguments: [
      "a: {b: 1}\n", "a: [1]\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: >\n  folded\n",
      "a: |2\n   x\n", "a: |+\n  kept\n\n", "a: |\n\n  leading blank\n", "a:\tb\n", "a: b\r\n",
      "a: caf\u{e9}\n", "? a\n: b\n", "a: 1\na: 2\n", "a: b\n  c\n", "- - a\n",
      "%YAML 1.1\n---\na: 1\n",
      "a: 1\n...\n", "--- a\n", "a: b: c\n", "a : b\n", "a: \"open\n", "a: 'x' y\n",
      "a: \"\\x41\"\n",
      "a:\n  b: 1\n c: 2\n", "a: 1\n- b\n", "plain scalar\n", "a: |\n  no final break",
      "a: \"\\u+041\"\n",
    ])
  func leftToLibyaml(_ text: String) {
    #expect(BlockYAMLReader.documents(Array(text.utf8)) == nil)
  }

  @Test("thousands of mutated manifests: the line reader never reads one differently or leniently")
  func mutationsNeverDisagree() {
    var random = SeededGenerator(seed: 0x5EED)
    let pieces = [
      " ", "  ", "\n", ":", ": ", "#", " #", "-", "- ", "'", "\"", "|", "|-", "---\n", "a", "\\",
      "0x", "1", ".", "~", "\n  ", "\n- ", "\"\\u", "''",
    ]
    let samples =
      [Self.manifest.replacingOccurrences(of: "command: [sh]", with: "command: sh")]
      + KubernetesWorkload(apps: 3).desiredFiles().map(\.contents)
    var read = 0
    for round in 0..<6_000 {
      var bytes = Array(samples[round % samples.count].utf8)
      for _ in 0...(random.next() % 3) {
        let at = Int(random.next() % UInt64(bytes.count + 1))
        if random.next() % 3 == 0, at < bytes.count {
          bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(random.next() % 4)))
        } else {
          bytes.insert(contentsOf: pieces[Int(random.next() % UInt64(pieces.count))].utf8, at: at)
        }
      }
      if agrees(String(decoding: bytes, as: UTF8.self)) { read += 1 }
    }
    // Most mutations keep the file in the subset, so the comparison is exercised.
    #expect(read > 2_000)
  }
}

extension BlockYAMLReaderTests {
  /// The line splitter looks at eight bytes at a time: a tab, carriage return, DEL, control
  /// or UTF-8 byte anywhere (at any offset in a word) still leaves the file to libyaml, and a
  /// file of printable ASCII alone still reads as libyaml reads it.
  @Test("seeded bytes outside printable ASCII, at every kind of offset, leave the file to libyaml")
  func outsideBytesAreFoundAtAnyOffset() {
    let seed: UInt64 = 0x0B17E5
    var random = SeededGenerator(seed: seed)
    let outside: [UInt8] = [0x00, 0x09, 0x0D, 0x1F, 0x7F, 0x80, 0xA9, 0xC3, 0xFF]
    let inside: [UInt8] = [0x20, 0x7E, 0x21, 0x41]
    let samples = KubernetesWorkload(apps: 2).desiredFiles().map { Array($0.contents.utf8) }
    for round in 0..<3_000 {
      var bytes = samples[round % samples.count]
      let isOutside = random.next() % 2 == 0
      let pool = isOutside ? outside : inside
      for _ in 0...(random.next() % 2) {
        let at = Int(random.next() % UInt64(bytes.count + 1))
        bytes.insert(pool[Int(random.next() % UInt64(pool.count))], at: at)
      }
      if isOutside {
        #expect(BlockYAMLReader.documents(bytes) == nil, "seed \(seed), round \(round)")
      } else if BlockYAMLReader.documents(bytes) != nil {
        #expect(agrees(String(decoding: bytes, as: UTF8.self)), "seed \(seed), round \(round)")
      }
    }
  }
}
