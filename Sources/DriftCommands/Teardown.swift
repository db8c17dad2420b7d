/// What a one-shot command leaves to the end of the process.
enum Teardown {
  /// Keeps `value` alive until the process exits, so that its memory is returned with the
  /// process rather than freed node by node: a check of 30,000 resources otherwise spends a
  /// sixth of its time releasing trees nobody reads again.
  static func skip(_ value: some Any) {
    _ = Unmanaged.passRetained(Kept(value))
  }
}

private final class Kept<Value> {
  let value: Value

  init(_ value: Value) {
    self.value = value
  }
}
