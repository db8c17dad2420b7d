import DriftTestSupport
import Foundation
import Testing

/// `git drift report --html` and `check --format html` on the bundled example
/// (`examples/gitops`) with three recorded snapshots: `examples/live-earlier.json` (before
/// anyone scaled `web` or started `debug-shell`), then `examples/live.json` twice.
@Suite("report --html")
struct HTMLReportTests {
  static let examples = Golden.root.appendingPathComponent("examples")

  /// The example repository with its snapshots recorded.
  static func example() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.git("config", "user.name", ScratchRepository.authorName)
    try repo.git("config", "user.email", ScratchRepository.authorEmail)
    let gitops = examples.appendingPathComponent("gitops")
    try repo.write(
      ".drift.yml",
      String(
        decoding: try Data(contentsOf: gitops.appendingPathComponent(".drift.yml")), as: UTF8.self))
    let folder = gitops.appendingPathComponent("deploy/prod")
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
      try repo.write(
        "deploy/prod/" + name,
        String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self))
    }
    try repo.commit("desired state", date: "2025-03-04T08:00:00Z")
    let earlier = examples.appendingPathComponent("live-earlier.json").path
    let live = examples.appendingPathComponent("live.json").path
    for (time, file) in [
      ("2025-03-05T08:00:00Z", earlier), ("2025-03-05T10:00:00Z", live),
      ("2025-03-05T12:00:00Z", live),
    ] {
      let result = try gitDrift(
        "snapshot", "record", "--force", "--source", "prod-k8s", "--at", time, file, in: repo)
      #expect(result.status == 0, "\(result.stderr)")
    }
    return repo
  }

  @Test("the page shows the summary, the diffs and the timelines with the right transitions")
  func page() throws {
    let repo = try Self.example()
    let output = repo.root + "/drift.html"
    let result = try gitDrift("report", "--html", "--output", output, in: repo)
    #expect(result.status == 1, "drift found: \(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(!result.stderr.contains("\r"), "no progress line when stderr is not a terminal")
    let html = String(decoding: try Data(contentsOf: URL(fileURLWithPath: output)), as: UTF8.self)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    let counts =
      "<tbody><tr><td>9</td><td>3</td><td>3</td><td>1</td><td>0</td><td>92%</td></tr></tbody>"
    #expect(html.contains(counts), "in sync, modified, missing, unmanaged, ignored, coverage")
    #expect(
      html.contains(
        "<td class=\"desired\"><pre><span class=\"mark\">−</span>replicas: 4</pre></td>"))
    #expect(
      html.contains("<td class=\"live\"><pre><span class=\"mark\">+</span>replicas: 7</pre></td>"))
    #expect(html.contains("<code>kubectl-scale</code> at <time>2025-03-05T09:00:00Z</time>"))
    // web: in sync in the earlier export, drifted since; debug-shell: absent, then unmanaged.
    #expect(html.contains("<td>—</td><td>in-sync</td>"))
    #expect(html.contains("<td>in-sync</td><td>drifted</td>"))
    #expect(html.contains("<td>absent</td><td>unmanaged</td>"))
    #expect(html.components(separatedBy: "<figure class=\"timeline\">").count - 1 == 7)
    #expect(try HTMLCheck.validate(html).status == 0)
    #expect(try HTMLCheck.networkReferences(html) == [])

    let check = try gitDrift("check", "--format", "html", in: repo)
    #expect(check.status == 1)
    #expect(
      check.stdout.replacing(/\(\d+ (min|h|days) old\)/, with: "")
        == html.replacing(/\(\d+ (min|h|days) old\)/, with: ""),
      "check --format html writes the same page")
  }

  @Test("headless Chromium draws the timeline and the diff (non-blank where they are)")
  func screenshot() throws {
    guard HTMLCheck.chromium != nil else {
      Issue.record("headless Chromium is not installed (.ci/run installs chromium-headless-shell)")
      return
    }
    let repo = try Self.example()
    let html = try gitDrift("report", "--html", "Deployment.apps/prod/web", in: repo).stdout
    let folder = URL(fileURLWithPath: repo.root)
    let page = try HTMLCheck.screenshot(
      html, to: folder.appendingPathComponent("page.png"), width: 1200, height: 1400)
    let timeline = try HTMLCheck.screenshot(
      html, only: "figure.timeline svg", to: folder.appendingPathComponent("timeline.png"),
      width: 1200, height: 1400)
    let diff = try HTMLCheck.screenshot(
      html, only: "table.diff", to: folder.appendingPathComponent("diff.png"), width: 1200,
      height: 1400)
    // The whole page has ink; the timeline's band is wide and in colour (green in sync, red
    // hatching drifted); the diff's cells are tinted; each lies in its own place.
    #expect(page.pixels > 20_000, "\(page)")
    #expect(timeline.pixels > 5_000 && timeline.coloured > 2_000, "\(timeline)")
    #expect(timeline.box[2] > 600, "the band spans the figure: \(timeline)")
    #expect(diff.pixels > 3_000 && diff.coloured > 1_000, "\(diff)")
    #expect(diff.box[1] + diff.box[3] <= timeline.box[1], "the diff is above the timeline")
    print("screenshot: page \(page); timeline \(timeline); diff \(diff)")
  }

  /// Runs `git-drift` under a terminal (script(1) gives it a pseudo-terminal) and returns what
  /// the terminal showed.
  static func underTerminal(
    _ arguments: String, in repo: ScratchRepository, env: [String: String] = [:]
  ) throws -> String {
    var environment = [
      "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "NO_COLOR": "",
      "TERM": "xterm",
    ]
    environment.merge(env) { $1 }
    let command = "'\(try GitDriftExecutable.path())' \(arguments)"
    let result = try Shell.run(
      ["script", "-qec", command, "/dev/null"], cwd: repo.path, env: environment)
    return result.stdout
  }

  @Test("a progress line under a terminal; none with NO_COLOR, TERM=dumb or JSON output")
  func progress() throws {
    let repo = try Self.example()
    let line = "\r\u{1B}[Kgit-drift: "
    let page = try Self.underTerminal("report --html --output drift.html", in: repo)
    #expect(page.contains(line + "timeline of "), "\(page.debugDescription)")
    #expect(page.hasSuffix("21/21\r\u{1B}[K"), "the last step, then the line cleared")
    let timeline = try Self.underTerminal("timeline Deployment.apps/prod/web", in: repo)
    #expect(timeline.contains(line + "judging snapshots 3/3"), "\(timeline.debugDescription)")
    let bisect = try Self.underTerminal("bisect Deployment.apps/prod/web", in: repo)
    #expect(bisect.contains(line + "bisecting: "), "\(bisect.debugDescription)")
    for (arguments, env) in [
      ("report --html --output drift.html", ["NO_COLOR": "1"]),
      ("report --html --output drift.html", ["TERM": "dumb"]),
      ("timeline Deployment.apps/prod/web --format json", [:]),
      ("bisect Deployment.apps/prod/web --format json", [:]),
    ] {
      let shown = try Self.underTerminal(arguments, in: repo, env: env)
      #expect(!shown.contains(line), "\(arguments) \(env): \(shown.debugDescription)")
    }
  }

  @Test("postmortem --html writes the page and the post-mortem links to it")
  func postmortemLinks() throws {
    let repo = try Self.example()
    let result = try gitDrift(
      "postmortem", "--html", "docs/postmortems/drift.html", "--output", "docs/incident.md",
      in: repo)
    #expect(result.status == 0, "\(result.stderr)")
    let markdown = try String(
      contentsOfFile: repo.path + "/docs/incident.md", encoding: .utf8)
    #expect(
      markdown.contains(
        "| report | [docs/postmortems/drift.html](postmortems/drift.html): summary, side-by-side"),
      "\(markdown.prefix(800))")
    let html = try String(
      contentsOfFile: repo.path + "/docs/postmortems/drift.html", encoding: .utf8)
    #expect(html.contains("<h1>git-drift: drift found</h1>"))
    let plain = try gitDrift("postmortem", "--output", "-", in: repo)
    #expect(!plain.stdout.contains("| report |"), "no link when no page was written")
  }

  @Test("a history that cannot be read leaves the page without timelines, and says why")
  func unreadableHistory() throws {
    let repo = try Self.example()
    let configuration = try String(contentsOfFile: repo.path + "/.drift.yml", encoding: .utf8)
    try repo.write(
      ".drift.yml", configuration.replacingOccurrences(of: "branch: main", with: "branch: nope"))
    try repo.commit("desired history on a branch that does not exist")
    let result = try gitDrift("report", "--html", in: repo)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stdout.contains("<h1>git-drift: drift found</h1>"))
    #expect(!result.stdout.contains("<figure"))
    #expect(
      result.stderr.contains(
        "git-drift: warning: the page has no timelines: unknown revision 'nope'"),
      "\(result.stderr)")
  }
}
