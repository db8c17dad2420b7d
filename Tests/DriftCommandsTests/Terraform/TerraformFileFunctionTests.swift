import DriftTestSupport
import Foundation
import Testing

/// templatefile, templatestring and the file digests are evaluated from the files committed
/// beside the configuration, as terraform reads them (issue 20): a freshly applied state is in
/// sync, and a template changed in git but not applied is drift in what it renders.
@Suite(.enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"))
struct TerraformFileFunctionTests {
  static let module = """
    locals {
      greeting = "Hello, $${name}!%%{ if loud } LOUD%%{ endif }"
    }

    resource "terraform_data" "files" {
      input = {
        rendered  = templatefile("${path.module}/templates/app.conf.tftpl", { name = "api", ports = [80, 443], loud = true })
        inline    = templatestring(local.greeting, { name = "ops", loud = false })
        md5       = filemd5("${path.module}/templates/app.conf.tftpl")
        sha1      = filesha1("data/blob.bin")
        sha256    = filesha256("data/blob.bin")
        sha512    = filesha512("data/blob.bin")
        b64       = filebase64("data/blob.bin")
        b64sha256 = filebase64sha256("data/blob.bin")
        b64sha512 = filebase64sha512("data/blob.bin")
        when      = formatdate("EEEE, DD MMM YYYY hh:mm ZZZ", "2026-12-07T18:10:38+01:00")
        utf16     = textencodebase64("Grüße", "UTF-16LE")
      }
    }

    """

  static let template = """
    # ${name}
    %{ for port in ports ~}
    listen ${port}
    %{ endfor ~}
    loud = ${loud ? "yes" : "no"}
    $${literal}

    """

  static let blob = (0..<512).map { UInt8(($0 * 7 + 3) % 256) }

  @Test func renderedTemplatesAndFileDigestsAgreeWithTerraform() throws {
    let shown = try TerraformProject.apply(bytes: [
      ("main.tf", Array(Self.module.utf8)),
      ("templates/app.conf.tftpl", Array(Self.template.utf8)), ("data/blob.bin", Self.blob),
    ])
    #expect(shown.contains("listen 443"), "terraform rendered the template")

    let repo = try hclRepository([
      ("main.tf", Self.module), ("templates/app.conf.tftpl", Self.template),
    ])
    try repo.write("infra/prod/data/blob.bin", bytes: Self.blob)
    _ = try repo.commit("blob")
    let export = try writeExport(shown, in: repo)
    let clean = try gitDrift("check", "--snapshot", export, in: repo)
    #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")

    // The template changed in git and not applied: its rendering and its digest drift; the
    // blob's digests do not. (Unknown values, as these were before, are never compared.)
    try repo.write(
      "infra/prod/templates/app.conf.tftpl",
      Self.template.replacingOccurrences(of: "listen", with: "port"))
    _ = try repo.commit("template")
    let drifted = try gitDrift("check", "--snapshot", export, "--format", "json", in: repo)
    #expect(drifted.status == 1, "\(drifted.stdout)\(drifted.stderr)")
    #expect(drifted.stdout.contains("/input/rendered"), "\(drifted.stdout)")
    #expect(drifted.stdout.contains("/input/md5"), "\(drifted.stdout)")
    #expect(!drifted.stdout.contains("/input/sha1"), "\(drifted.stdout)")
  }

  static let sites = """
    resource "terraform_data" "site" {
      for_each = fileset("${path.module}/sites", "**/*.conf")
      input    = file("${path.module}/sites/${each.key}")
    }

    """

  /// `for_each` over `fileset` has the instances terraform applied from the same files, and a
  /// file committed but not applied is an instance missing from live.
  @Test func aForEachOverFilesetAgreesWithTerraform() throws {
    let files = [
      ("main.tf", Self.sites), ("sites/web.conf", "listen 80\n"),
      ("sites/eu/api.conf", "listen 8080\n"), ("sites/notes.md", "not a site\n"),
    ]
    let shown = try TerraformProject.apply(files.map { (path: $0.0, text: $0.1) })
    #expect(shown.contains("eu/api.conf"), "terraform made an instance per file")

    let repo = try hclRepository(files.map { (path: $0.0, text: $0.1) })
    let export = try writeExport(shown, in: repo)
    let clean = try gitDrift("check", "--snapshot", export, in: repo)
    #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")

    try repo.write("infra/prod/sites/eu/db.conf", "listen 5432\n")
    _ = try repo.commit("a site not applied")
    let drifted = try gitDrift("check", "--snapshot", export, "--format", "json", in: repo)
    #expect(drifted.status == 1, "\(drifted.stdout)\(drifted.stderr)")
    #expect(drifted.stdout.contains("eu/db.conf"), "\(drifted.stdout)")
    #expect(!drifted.stdout.contains("web.conf"), "\(drifted.stdout)")
  }
}
