import Foundation
import HCL
import Testing

/// The fixture files are what Terraform itself formats and accepts.
@Suite struct HCLFixtureFormatTests {
  static let terraform: URL? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return path.split(separator: ":").map { URL(fileURLWithPath: String($0)) }
      .map { $0.appendingPathComponent("terraform") }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()

  @Test(.enabled(if: terraform != nil, "terraform is not on PATH"))
  func terraformFmtAcceptsTheFixtures() throws {
    guard let terraform = Self.terraform else { return }
    let process = Process()
    process.executableURL = terraform
    process.arguments = ["fmt", "-check", "-recursive", TestFiles.fixtures.path]
    var environment = ProcessInfo.processInfo.environment
    environment["TF_CLI_CONFIG_FILE"] = "/dev/null"
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "terraform fmt -check: \(text)")
  }

  @Test func everyFixtureParses() throws {
    let files = TestFiles.terraformFiles(under: TestFiles.fixtures)
    #expect(files.count >= 4)
    for file in files {
      let body = try HCLParser.parse(Array(try Data(contentsOf: file)), file: file.path)
      #expect(!body.items.isEmpty, "\(file.lastPathComponent)")
    }
  }
}
