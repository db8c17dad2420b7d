import DriftCommands

@main
struct Entrypoint {
  static func main() {
    GitDrift.runMain()
  }
}
