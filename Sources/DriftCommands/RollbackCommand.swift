import ArgumentParser
import DriftEngine
import DriftFormats
import DriftJSON
import DriftModel
import DriftRecovery
import Foundation
import Git

/// The formats of a rollback plan.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
  case markdown
  case json
  case script

  var fileExtension: String {
    switch self {
    case .markdown: return ".md"
    case .json: return ".json"
    case .script: return ".sh"
    }
  }
}

/// `git drift rollback`: a plan that restores the desired state.
struct RollbackCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rollback",
    abstract:
      "Print an ordered plan that restores the desired state, and commit it with a post-mortem.",
    discussion: """
      Per drifted resource: the exact desired manifest from the commit and the command that
      applies it (kubectl apply --server-side --field-manager=git-drift; for hcl sources
      terraform apply -target=ADDRESS in the root module folder); deleting unmanaged
      resources (terraform destroy -target) is destructive and comes last. The plan and the post-mortem are committed on
      drift/rollback/<date>-<short id> (the working tree is not touched).

      Examples:
        git drift rollback --snapshot live.json
        git drift rollback --format script > rollback.sh && sh rollback.sh
        git drift rollback Deployment.apps/prod/web --format json --no-branch
      """)

  @OptionGroup var state: StateOptions

  @Option(name: .long, help: "markdown, json or script (POSIX sh).")
  var format: PlanFormat = .markdown

  @Option(
    name: .long,
    help: "The branch to commit the plan on (default drift/rollback/<date>-<short id>).")
  var branch: String?

  @Flag(name: .long, help: "Print the plan only; commit nothing.")
  var noBranch = false

  @Flag(name: .long, help: "Overwrite the branch if it exists.")
  var force = false

  @Argument(help: "What to roll back: addresses (globs allowed); all drift by default.")
  var targets: [String] = []

  func run() throws {
    var session = try RecoverySession(
      targets: targets, sourceName: state.source, snapshot: state.snapshot, revision: state.rev)
    session.drifts = session.drifts.map { drift in
      var whole = drift
      whole.changes =
        session.evaluation.report.drifts.first { $0.id == drift.id }?.changes ?? drift.changes
      return whole
    }
    let plan = session.rollbackPlan()
    let name = branch ?? "drift/rollback/\(session.today)-\(session.shortID)"
    let incident = try session.incident(
      decision: .rolledBack(branch: noBranch ? nil : name), postmortemPath: nil)
    let templates = session.templates()
    var context = incident.context
    context["steps"] = plan.context
    context["verify"] = plan.verify
    let text: String
    switch format {
    case .markdown:
      text = try recovery { () throws(RecoveryError) in
        try templates.render("rollback-plan.md.mustache", context)
      }
    case .json:
      text = JSONWriter(pretty: true).string(plan.json) + "\n"
    case .script:
      text = plan.script
    }
    if !noBranch {
      let writer = PatchBranch(repository: session.repository)
      if !force, try recovery({ () throws(RecoveryError) in try writer.exists(name) }) {
        throw Failure(RecoveryError.branchExists(name))
      }
      let postmortemPath = try session.newPostmortemPath(slug: "rollback-" + incident.slug)
      let planPath = try session.newPostmortemPath(
        slug: "rollback-" + incident.slug + "-plan", suffix: format.fileExtension)
      var recorded = incident
      recorded.postmortemPath = postmortemPath
      let postmortem = try recovery { () throws(RecoveryError) in
        try templates.render("postmortem.md.mustache", recorded.context)
      }
      let tree = try recovery { () throws(RecoveryError) in
        try writer.tree(
          base: session.commit,
          files: [postmortemPath: Array(postmortem.utf8), planPath: Array(text.utf8)])
      }
      let message = """
        Plan the rollback of \(session.state.source.name): \(plan.steps.count) step(s)

        \(plan.steps.map { "- \($0.title)" + ($0.destructive ? " (destructive)" : "") }.joined(separator: "\n"))

        Post-mortem: \(postmortemPath)

        Drift-Snapshot: \(session.snapshotTrailer)
        Drift-Source: \(session.state.source.name)
        """
      let commit = try recovery { () throws(RecoveryError) in
        try writer.commit(
          tree: tree, base: session.commit, message: message, branch: name, force: force)
      }
      Console.error(
        "git-drift: committed the plan and the post-mortem on branch \(name) (\(commit.short))")
    }
    Console.out(text)
  }
}

/// `git drift postmortem`: the post-mortem of the current drift, in the repository.
struct PostmortemCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "postmortem",
    abstract: "Write the post-mortem of the current drift into the post-mortem folder.",
    discussion: """
      Markdown from templates/postmortem.md.mustache (or the repository's
      .drift/templates/postmortem.md.mustache): what drifted, when, by whom, the owners from
      CODEOWNERS, and follow-ups, under the NIST CSF functions. Written to
      <postmortems>/<date>-<slug>.md of the working tree (never overwriting a file).

      Examples:
        git drift postmortem
        git drift postmortem Deployment.apps/prod/web --snapshot live.json --output -
        git drift postmortem --html docs/postmortems/drift.html   # and link the HTML report
      """)

  @OptionGroup var state: StateOptions

  @Option(name: .long, help: "Write to this file instead (- for standard output).")
  var output: String?

  @Option(
    name: .long,
    help: "Also write the HTML report (as report --html) to this file, and link it.")
  var html: String?

  @Argument(help: "The drifted resources to cover (globs allowed); all drift by default.")
  var targets: [String] = []

  func run() throws {
    let session = try RecoverySession(
      targets: targets, sourceName: state.source, snapshot: state.snapshot, revision: state.rev)
    let slug = Incident(
      source: session.state.source.name, date: session.today,
      desired: session.evaluation.report.desired,
      snapshot: nil, drifts: session.drifts
    ).slug
    let templates = session.templates()
    if let html {
      let folder = (html as NSString).deletingLastPathComponent
      if !folder.isEmpty {
        try failing {
          try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
      }
      try Console.write(ReportCommand.page(of: session.evaluation), to: html)
      Console.out("Wrote \(html)\n")
    }
    func render(_ path: String) throws(Failure) -> String {
      var incident = try session.incident(decision: .open, postmortemPath: path)
      if let html {
        let from = path == "-" ? "." : path == output ? path : session.workingPath(path)
        incident.htmlReport = (html, Self.link(to: html, from: from))
      }
      return try recovery { () throws(RecoveryError) in
        try templates.render("postmortem.md.mustache", incident.context)
      }
    }
    if let output {
      let text = try render(output)
      if output == "-" {
        Console.out(text)
      } else if try !Console.create(text, at: output) {
        throw Failure("'\(output)' exists; not overwriting it")
      }
      if output != "-" { Console.out("Wrote \(output)\n") }
      return
    }
    // Another run may take the same name between choosing and writing: the file is created
    // exclusively, and the loser takes the next free name.
    for _ in 0..<100 {
      let path = try session.newPostmortemPath(slug: slug)
      let text = try render(path)
      let target = session.workingPath(path)
      try failing {
        try FileManager.default.createDirectory(
          atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      }
      if try Console.create(text, at: target) {
        Console.out("Wrote \(path)\n")
        return
      }
    }
    throw Failure("no free post-mortem name for '\(slug)' after 100 attempts")
  }

  /// The link from the post-mortem at `postmortem` to the file `target` (both relative to the
  /// current folder, or absolute): a relative path, with what Markdown links cannot hold
  /// percent-encoded.
  static func link(to target: String, from postmortem: String) -> String {
    let current = FileManager.default.currentDirectoryPath
    func components(_ path: String) -> [String] {
      let absolute = path.hasPrefix("/") ? path : current + "/" + path
      return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
        .split(separator: "/").map(String.init)
    }
    let to = components(target)
    let from = components(postmortem).dropLast()
    var common = 0
    while common < min(to.count, from.count), to[common] == from[common] { common += 1 }
    let parts = Array(repeating: "..", count: from.count - common) + to[common...]
    return parts.joined(separator: "/").addingPercentEncoding(
      withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "()"))
    ) ?? parts.joined(separator: "/")
  }
}
