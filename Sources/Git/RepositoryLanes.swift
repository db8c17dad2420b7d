internal import Parallelism

extension Repository {
  /// `body` applied to contiguous chunks of `0..<count` on all cores, each lane reading
  /// through its own handle on this repository (libgit2 handles are not shared between
  /// threads); the lanes' outputs in order.
  ///
  /// - Parameter opening: turns a failure to open a lane's handle into the error `body` throws.
  /// - Throws: the error of the first lane that failed, so that with lanes reading items in
  ///   order, the first error in item order is reported whatever the timing.
  public func inLanes<Output: Sendable, Failure: Error>(
    _ count: Int, opening: @Sendable (GitError) -> Failure,
    _ body: @Sendable (Repository, Range<Int>) throws(Failure) -> Output
  ) throws(Failure) -> [Output] {
    let path = gitDirectory
    let lanes = Parallel.chunks(count) { range -> Result<Output, Failure> in
      let repository: Repository
      do throws(GitError) {
        repository = try Repository(path: path)
      } catch {
        return .failure(opening(error))
      }
      do throws(Failure) {
        return .success(try body(repository, range))
      } catch {
        return .failure(error)
      }
    }
    var outputs: [Output] = []
    outputs.reserveCapacity(lanes.count)
    for lane in lanes { outputs.append(try lane.get()) }
    return outputs
  }
}
