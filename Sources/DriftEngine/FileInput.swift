import Foundation
import Parallelism

/// Files that use cases read and write: whole, bounded in size, and written through a
/// temporary file and a rename.
package enum FileInput {
  /// Writes `text` to `path` through a temporary file and a rename, so that a reader never sees
  /// half a report and a failure leaves no file behind.
  package static func write(_ text: String, to path: String) throws(Failure) {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    do {
      try Data(text.utf8).write(to: temporary)
      if rename(temporary.path, url.path) != 0 {
        throw Failure("cannot write '\(path)': \(String(cString: strerror(errno)))")
      }
    } catch let failure as Failure {
      try? FileManager.default.removeItem(at: temporary)
      throw failure
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw Failure("cannot write '\(path)': \(error.localizedDescription)")
    }
  }

  /// Creates `path` holding `text`, only when nothing is there yet: written to a temporary
  /// file, then linked into place, which fails when the name exists (even as a dangling
  /// symbolic link), so two writers never overwrite each other and no reader sees half a file.
  ///
  /// - Returns: false when `path` exists; nothing was written then.
  package static func create(_ text: String, at path: String) throws(Failure) -> Bool {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UUID().uuidString).tmp")
    defer { unlink(temporary.path) }
    do {
      try Data(text.utf8).write(to: temporary, options: .withoutOverwriting)
    } catch {
      throw Failure("cannot write '\(path)': \(error.localizedDescription)")
    }
    guard link(temporary.path, url.path) == 0 else {
      if errno == EEXIST { return false }
      throw Failure("cannot write '\(path)': \(String(cString: strerror(errno)))")
    }
    return true
  }

  /// Fails unless `path` can be written.
  ///
  /// Its folder must exist and be writable, and the file, if it exists, be a writable regular
  /// file. Checked before work whose result goes there.
  package static func checkWritable(_ path: String) throws(Failure) {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue
    else { throw Failure("cannot write '\(path)': no such folder '\(folder)'") }
    guard access(folder, W_OK) == 0 else {
      throw Failure("cannot write '\(path)': \(String(cString: strerror(errno)))")
    }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
      guard !isFolder.boolValue else { throw Failure("cannot write '\(path)': it is a folder") }
      guard access(path, W_OK) == 0 else {
        throw Failure("cannot write '\(path)': \(String(cString: strerror(errno)))")
      }
    }
  }

  /// Reads a whole file, or standard input for `-`, refusing files over `limit` bytes.
  package static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
    if path == "-" {
      let data = FileHandle.standardInput.readDataToEndOfFile()
      guard data.count <= limit else {
        throw Failure("standard input is larger than \(limit >> 20) MiB")
      }
      return [UInt8](data)
    }
    var status = stat()
    guard stat(path, &status) == 0 else {
      throw Failure("cannot read '\(path)': \(String(cString: strerror(errno)))")
    }
    guard (status.st_mode & S_IFMT) == S_IFREG else {
      throw Failure("'\(path)' is not a regular file")
    }
    guard Int(status.st_size) <= limit else {
      throw Failure(
        "'\(path)' is \(Int(status.st_size) >> 20) MiB, more than the \(limit >> 20) MiB limit")
    }
    guard let bytes = readWhole(path, size: Int(status.st_size)) else {
      throw Failure("cannot read '\(path)'")
    }
    return bytes
  }

  /// The bytes of a regular file, read straight into the array (a live export is tens of
  /// megabytes: no second copy through `Data`).
  private static func readWhole(_ path: String, size: Int) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var failed = false
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      guard let start = buffer.baseAddress else { return }
      // Large files are read in parts on every core: the copy from the page cache and the
      // faults of the fresh pages were a sixth of a snapshot record of a 67 MB export.
      let parts = size >= 8 << 20 ? ProcessInfo.processInfo.activeProcessorCount : 1
      let partSize = (size + parts - 1) / parts
      // Each part writes only its own range of the buffer.
      nonisolated(unsafe) let base = start
      let complete = Parallel.map(Array(0..<parts)) { part -> Bool in
        let from = part * partSize
        let to = min(size, from + partSize)
        var done = from
        while done < to {
          let read = pread(descriptor, base + done, to - done, off_t(done))
          if read < 0, errno == EINTR { continue }
          guard read > 0 else { break }
          done += read
        }
        return done == to
      }
      if complete.allSatisfy({ $0 }) {
        count = size
      } else {
        failed = true
      }
    }
    // pread leaves the offset where it was: what grew after stat is read from the end.
    guard !failed, lseek(descriptor, off_t(size), SEEK_SET) == off_t(size) else { return nil }
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let read = chunk.withUnsafeMutableBytes {
        Foundation.read(descriptor, $0.baseAddress, $0.count)
      }
      if read < 0, errno == EINTR { continue }
      guard read >= 0 else { return nil }
      if read == 0 { return bytes }
      bytes += chunk[..<read]
    }
  }
}
