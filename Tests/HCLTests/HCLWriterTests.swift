import DriftModel
import Foundation
import HCL
import Testing

@Suite struct HCLWriterTests {
  @Test func scalars() {
    #expect(HCLWriter.expression(nil, indent: 0) == "null")
    #expect(HCLWriter.expression(true, indent: 0) == "true")
    #expect(HCLWriter.expression(42, indent: 0) == "42")
    #expect(HCLWriter.expression(.double(3.0), indent: 0) == "3")
    #expect(HCLWriter.expression(1.5, indent: 0) == "1.5")
    #expect(HCLWriter.expression("web", indent: 0) == "\"web\"")
  }

  @Test func quotingEscapesTemplatesAndControlCharacters() {
    #expect(HCLWriter.quoted("a \"b\" \\ c") == #""a \"b\" \\ c""#)
    #expect(HCLWriter.quoted("line\nnext\ttab") == #""line\nnext\ttab""#)
    #expect(HCLWriter.quoted("${var.x} and %{ if }") == #""$${var.x} and %%{ if }""#)
    #expect(HCLWriter.quoted("$ {} % $$") == #""$ {} % $$""#)
    #expect(HCLWriter.quoted("bell\u{07}") == #""bell\u0007""#)
  }

  @Test func listsAreInlineWhenShortAndScalar() {
    #expect(HCLWriter.expression([], indent: 0) == "[]")
    #expect(HCLWriter.expression(["a", "b"], indent: 0) == #"["a", "b"]"#)
    #expect(HCLWriter.expression([1, nil, true], indent: 3) == "[1, null, true]")
    let long = Value.array((1...20).map { .string("element-\($0)") })
    #expect(HCLWriter.expression(long, indent: 0).hasPrefix("[\n  \"element-1\",\n"))
    #expect(
      HCLWriter.expression([["a"], "b"], indent: 1) == """
        [
            ["a"],
            "b",
          ]
        """)
  }

  @Test func objectsAlignTheirEqualsSigns() {
    let value: Value = [
      "name": "web", "instance_type": "t3.micro", "tags": ["Name": "web", "team-x": "a"],
      "empty": [:], "x y": 1,
    ]
    #expect(
      HCLWriter.expression(value, indent: 1) == """
        {
            name          = "web"
            instance_type = "t3.micro"
            tags = {
              Name   = "web"
              team-x = "a"
            }
            empty = {}
            "x y" = 1
          }
        """)
  }

  @Test func reservedWordsAndOddKeysAreQuoted() {
    #expect(HCLWriter.isIdentifier("instance_type"))
    #expect(HCLWriter.isIdentifier("kebab-case"))
    for key in ["for", "null", "1st", "a.b", "", "é"] { #expect(!HCLWriter.isIdentifier(key)) }
  }

  @Test func secretsAreNeverWritten() {
    let text = HCLWriter.expression(["password": .sensitive(digest: "abc123")], indent: 0)
    #expect(text == "{\n  password = /* sensitive value omitted */ null\n}")
    #expect(!text.contains("abc123"))
  }

  @Test func bodiesAlignRunsAndNestBlocks() {
    let items: [HCLWriter.Item] = [
      .attribute("ami", "ami-123"),
      .attribute("instance_type", "t3.micro"),
      .attribute("tags", ["Name": "web"]),
      .attribute("count", 2),
      .blankLine,
      .attribute("monitoring", true),
      .block(type: "ebs_block_device", labels: [], [.attribute("volume_size", 10)]),
    ]
    #expect(
      HCLWriter.body(
        [.block(type: "resource", labels: ["aws_instance", "web"], items)], indent: 0) == """
          resource "aws_instance" "web" {
            ami           = "ami-123"
            instance_type = "t3.micro"
            tags = {
              Name = "web"
            }
            count = 2

            monitoring = true
            ebs_block_device {
              volume_size = 10
            }
          }

          """)
  }

  /// A configuration exercising every layout rule, which `terraform fmt` must leave as it is.
  private var sample: String {
    let nested: Value = [
      "name": "web", "instance_type": "t3.micro", "count": 3, "ratio": 0.25,
      "enabled": false, "nothing": nil, "template": "${var.x} %{ if true }y%{ endif }",
      "quote": "say \"hi\"\\\n", "list": ["a", "b"], "empty_list": [], "empty_object": [:],
      "tags": ["Name": "web", "kebab-case": "x", "with space": "y", "for": "z"],
      "rules": [
        ["port": 80, "cidr_blocks": ["0.0.0.0/0"]],
        ["port": 443, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8", "192.168.0.0/16"]],
      ],
      "long": .array((1...12).map { .string("subnet-\($0)") }),
      "mixed": [1, ["deep": [true]], "x"],
      "secret": .sensitive(digest: "d"),
      "secrets": [.sensitive(digest: "d"), "visible"],
    ]
    let items: [HCLWriter.Item] = [
      .attribute("input", nested),
      .attribute("a", 1),
      .attribute("bbbbbb", "two"),
      .blankLine,
      .attribute("c", ["x": 1]),
      .attribute("dd", 2),
      .block(type: "lifecycle", labels: [], [.attribute("create_before_destroy", true)]),
    ]
    return HCLWriter.body(
      [.block(type: "resource", labels: ["terraform_data", "x"], items)], indent: 0)
      + HCLWriter.body(
        [.block(type: "locals", labels: [], [.attribute("y", ["k": "v"])])], indent: 0)
  }

  @Test func terraformFmtLeavesWrittenConfigurationUnchanged() throws {
    guard let terraform = Self.terraformPath() else {
      print("skipping: terraform is not on PATH")
      return
    }
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("hcl-writer-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("main.tf")
    try Data(sample.utf8).write(to: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: terraform)
    process.arguments = ["fmt", "-check", "-diff", "-no-color", file.path]
    process.environment = ProcessInfo.processInfo.environment.merging(
      ["TF_CLI_CONFIG_FILE": "/dev/null", "CHECKPOINT_DISABLE": "1"]) { $1 }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "terraform fmt would change:\n\(printed)\n\(sample)")
  }

  private static func terraformPath() -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/terraform"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}
