import ArgumentParser

/// The options that say which desired and live state a command works on.
struct StateOptions: ParsableArguments {
  @Option(name: .long, help: "The source of .drift.yml (needed when it has several).")
  var source: String?

  @Option(name: .long, help: "A snapshot id (latest, latest~N, sha, @TIME) or an export file.")
  var snapshot: String?

  @Option(name: .long, help: "The commit of the desired state.")
  var rev = "HEAD"
}
