import Foundation

/// Runs the built `git-drift` on one fuzzed input in a real repository and says what broke.
///
/// Each kind of input has a repository of its own, made once with the git CLI: a GitOps
/// repository for manifests, exports, `.drift.yml`, `.driftignore` and CODEOWNERS; a Terraform
/// one (`format: hcl`) for `.tf`, `.tfvars` and live state; a `format: terraform` one for
/// committed state. An input that is desired state is committed (amending the previous fuzz
/// commit, so that history stays two commits long); one that is live state is passed with
/// `--snapshot FILE` or recorded.
///
/// The contract of every run: exit status 0, 1 or 2, never a signal or a Swift runtime error;
/// done within ``seconds``; at most ``memoryBytes`` resident; on exit 2, exactly one line on
/// stderr, `git-drift: ...`, naming `FILE:LINE` when it is about a file.
public final class FuzzOracle {
  /// The time limit of one run.
  public var seconds: Double = 10
  /// The memory limit of one run.
  public var memoryBytes = 1 << 30

  let binary: String
  let seeds: FuzzSeeds
  private var scenarios: [FuzzKind: Scenario] = [:]

  /// An oracle over the built `git-drift` (``GitDriftExecutable/path()``).
  public init(seeds: FuzzSeeds) throws {
    binary = try GitDriftExecutable.path()
    self.seeds = seeds
  }

  /// A repository prepared for one kind of input, and where the input goes.
  final class Scenario {
    let repo: ScratchRepository
    /// The input's path: relative to the work tree when committed, else absolute.
    let target: String
    let committed: Bool
    /// The live export the checks compare with, when the input is not one.
    let live: String
    let source: String
    var amend = false

    init(
      repo: ScratchRepository, target: String, committed: Bool, live: String, source: String
    ) {
      self.repo = repo
      self.target = target
      self.committed = committed
      self.live = live
      self.source = source
    }
  }

  /// One run of git-drift that broke the contract.
  public struct Violation: Sendable {
    /// The arguments of the run.
    public var arguments: [String]
    /// What broke.
    public var problem: String
    /// Standard error, cut to 500 characters.
    public var stderr: String
  }

  /// Runs the commands that fit `kind` on `bytes`; `index` rotates the commands and formats.
  public func run(_ bytes: [UInt8], kind: FuzzKind, index: Int) throws -> (
    violations: [Violation], statuses: [Int32], peakBytes: Int, seconds: Double
  ) {
    let scenario = try self.scenario(kind)
    let repo = scenario.repo
    if scenario.committed {
      try repo.write(scenario.target, bytes: bytes)
      try repo.git("add", "-A")
      try repo.git(
        arguments: ["commit", "--quiet", "--allow-empty", "--no-verify", "-m", "fuzz"]
          + (scenario.amend ? ["--amend"] : []))
      scenario.amend = true
    } else {
      try Data(bytes).write(to: URL(fileURLWithPath: scenario.target))
    }
    let formats = ["text", "json", "sarif", "markdown", "junit"]
    let format = formats[index / FuzzKind.allCases.count % formats.count]
    var commands: [[String]] = []
    let turn = index / FuzzKind.allCases.count
    if scenario.committed {
      commands.append(["check", "--snapshot", scenario.live, "--format", format])
      // Recovery reads (and accept edits) the same desired files; policy and init read the
      // working tree.
      switch turn % 4 {
      case 1:
        let plan = ["script", "markdown", "json"][turn / 4 % 3]
        commands.append(
          ["rollback", "--snapshot", scenario.live, "--format", plan, "--no-branch"])
      case 2:
        commands.append(["accept", "--snapshot", scenario.live, "--dry-run"])
      case 3 where kind == .manifest:
        commands.append(["policy", "check", scenario.target])
      case 3 where kind != .terraformDesired:
        // (A repository of Terraform state alone has nothing for init to find.)
        commands.append(["init", "--print"])
      default:
        break
      }
    } else if turn % 3 == 0 {
      commands.append(["snapshot", "record", "--source", scenario.source, scenario.target])
      commands.append(["check", "--source", scenario.source, "--format", format])
    } else {
      commands.append(["check", "--snapshot", scenario.target, "--format", format])
    }
    var violations: [Violation] = []
    var peak = 0
    var seconds = 0.0
    var statuses: [Int32] = []
    var environment = repo.environment
    environment["NO_COLOR"] = "1"
    environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for arguments in commands {
      let outcome = try BoundedProcess.run(
        [binary] + arguments, in: repo.path, environment: environment, seconds: self.seconds,
        memoryBytes: memoryBytes)
      peak = max(peak, outcome.peakBytes)
      statuses.append(outcome.status ?? -(outcome.signal ?? 0))
      seconds += outcome.seconds
      for problem in judge(outcome, target: scenario.target) {
        violations.append(
          Violation(
            arguments: arguments, problem: problem,
            stderr: String(String(decoding: outcome.stderr, as: UTF8.self).prefix(500))))
      }
      // A refused record leaves nothing for the check that follows it to compare with.
      if arguments.first == "snapshot" && outcome.status != 0 { break }
    }
    return (violations, statuses, peak, seconds)
  }

  /// Texts that only a crash of the Swift runtime prints.
  static let crashMarkers = [
    "Fatal error", "fatal error:", "Swift runtime failure", "Current stack trace",
    "Program crashed", "Illegal instruction", "Segmentation fault", "Stack dump:",
    "Unexpectedly found nil", "Thread 0 crashed", "Precondition failed", "Assertion failed",
  ]

  /// What an outcome breaks of the contract.
  func judge(_ outcome: BoundedProcess.Outcome, target: String) -> [String] {
    var problems: [String] = []
    let stderr = String(decoding: outcome.stderr, as: UTF8.self)
    if outcome.timedOut {
      problems.append("hang: still running after \(Int(seconds)) s (process group killed)")
    } else if outcome.outgrewMemory {
      problems.append("memory: past \(memoryBytes >> 20) MB resident (process group killed)")
    } else if let signal = outcome.signal {
      problems.append("killed by signal \(signal)")
    }
    if outcome.peakBytes > memoryBytes && !outcome.outgrewMemory {
      problems.append("memory: peak \(outcome.peakBytes >> 20) MB")
    }
    if let status = outcome.status, ![0, 1, 2].contains(status) {
      problems.append("exit status \(status)")
    }
    if let marker = Self.crashMarkers.first(where: { stderr.contains($0) }) {
      problems.append("runtime error on stderr ('\(marker)')")
    }
    if outcome.status == 2 {
      var lines = stderr.split(separator: "\n", omittingEmptySubsequences: false)
      if lines.last == "" { lines.removeLast() }
      if lines.count != 1 {
        problems.append("\(lines.count) lines on stderr for one error")
      } else if !stderr.hasPrefix("git-drift: ") {
        problems.append("the error does not start with 'git-drift: '")
      } else if !Self.namesPlace(String(lines[0])) {
        problems.append("the error names no FILE:LINE")
      }
    }
    return problems
  }

  /// Whether an error line names `FILE:LINE[:COL]`, or is one of the errors about a whole file
  /// or about no file at all, which have no line to name.
  static func namesPlace(_ line: String) -> Bool {
    let text = line.dropFirst("git-drift: ".count)
    // `path:12:` or `path:12:7:`: a path without spaces, then a line number.
    if let colon = text.firstIndex(of: ":") {
      let rest = text[text.index(after: colon)...]
      let digits = rest.prefix { $0.isNumber }
      if !digits.isEmpty, rest.dropFirst(digits.count).first == ":",
        !text[..<colon].contains(" ")
      {
        return true
      }
    }
    return wholeFileErrors.contains { text.contains($0) }
  }

  /// Errors about a whole file (its size), or about no file, which rightly name no line: an
  /// accept or rollback with nothing to recover (or only undeployed changes), and the refusal to accept a resource that no
  /// desired file declares (an unmanaged one: a refusal of a declared one names its line).
  static let wholeFileErrors = [
    "more than the 64 MiB limit", "cannot read '", "nothing drifted: there is nothing to recover",
    "nothing to accept",
    "cannot accept ",
  ]

  func scenario(_ kind: FuzzKind) throws -> Scenario {
    if let scenario = scenarios[kind] { return scenario }
    let scenario: Scenario
    switch kind {
    case .manifest, .exportJSON, .exportYAML, .driftConfig, .driftIgnore, .codeOwners:
      let repo = try Self.gitOpsRepository()
      let live = repo.root + "/live.json"
      try Data(FuzzSeeds.read(Golden.root.appendingPathComponent("examples/live.json"))).write(
        to: URL(fileURLWithPath: live))
      let targets: [FuzzKind: String] = [
        .manifest: "apps/fuzz.yaml", .driftConfig: ".drift.yml", .driftIgnore: ".driftignore",
        .codeOwners: "CODEOWNERS", .exportJSON: repo.root + "/fuzz-live.json",
        .exportYAML: repo.root + "/fuzz-live.yaml",
      ]
      scenario = Scenario(
        repo: repo, target: targets[kind, default: ""],
        committed: ![.exportJSON, .exportYAML].contains(kind), live: live, source: "prod-k8s")
    case .hcl, .tfvars, .terraformLive:
      let repo = try ScratchRepository()
      try repo.write(
        ".drift.yml",
        "version: 1\nsources:\n  - name: prod-tf\n    format: hcl\n    paths: [\"infra\"]\n")
      let infra = Golden.root.appendingPathComponent("examples/terraform/infra")
      for file in FuzzSeeds.files(under: infra, ["": "tf"]) {
        try repo.write("infra/" + file.relative, bytes: file.bytes)
      }
      try repo.commit("infrastructure", date: "2026-11-01T10:00:00Z")
      let live = repo.root + "/live.json"
      try Data(FuzzSeeds.read(Golden.root.appendingPathComponent("examples/terraform/live.json")))
        .write(to: URL(fileURLWithPath: live))
      let targets: [FuzzKind: String] = [
        .hcl: "infra/main.tf", .tfvars: "infra/terraform.tfvars",
        .terraformLive: repo.root + "/fuzz-live.json",
      ]
      scenario = Scenario(
        repo: repo, target: targets[kind, default: ""], committed: kind != .terraformLive,
        live: live,
        source: "prod-tf")
    case .terraformDesired:
      let repo = try ScratchRepository()
      try repo.write(
        ".drift.yml",
        "version: 1\nsources:\n  - name: recorded\n    format: terraform\n    paths: [\"state/*.json\"]\n"
      )
      let state = FuzzSeeds.read(
        Golden.root.appendingPathComponent("Tests/Fixtures/terraform/state/show-state.json"))
      try repo.write("state/desired.json", bytes: state)
      try repo.commit("state", date: "2026-11-01T10:00:00Z")
      let live = repo.root + "/live.json"
      try Data(state).write(to: URL(fileURLWithPath: live))
      scenario = Scenario(
        repo: repo, target: "state/desired.json", committed: true, live: live, source: "recorded")
    }
    scenarios[kind] = scenario
    return scenario
  }

  /// The example GitOps repository under `apps/`, with a `.driftignore` and a CODEOWNERS.
  static func gitOpsRepository() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml",
      """
      version: 1
      sources:
        - name: prod-k8s
          format: kubernetes
          paths: ["apps/**/*.yaml"]
          namespace: prod
      ignore:
        - resource: "Deployment.apps/prod/worker"
          paths: ["/spec/replicas"]
          managers: ["hpa-controller"]
          reason: "scaled by its HorizontalPodAutoscaler"
      postmortems: docs/postmortems
      branch: main

      """)
    let deploy = Golden.root.appendingPathComponent("examples/gitops/deploy/prod")
    for file in FuzzSeeds.files(under: deploy, ["": "yaml"]) {
      try repo.write("apps/" + file.relative, bytes: file.bytes)
    }
    try repo.write(".driftignore", "# noise\nConfigMap/prod/*-debug\n")
    try repo.write("CODEOWNERS", "*  @acme/platform\n/apps/  @acme/sre @alice\n")
    try repo.commit("desired state", date: "2026-11-01T10:00:00Z")
    return repo
  }
}
