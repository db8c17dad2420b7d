import Foundation

/// A folder of cache files that are replaced whole and bounded in number.
package struct CacheFolder {
  package let directory: String
  /// Files kept at most; beyond, the oldest quarter is removed.
  package let fileLimit: Int

  /// The folder `directory`, trimmed to `fileLimit` files.
  package init(directory: String, fileLimit: Int) {
    self.directory = directory
    self.fileLimit = fileLimit
  }

  /// Writes `bytes` to `file` by a temporary file renamed over it, whole or not at all, then
  /// trims the folder; failures only cost work later.
  package func replace(_ file: String, with bytes: [UInt8]) {
    let manager = FileManager.default
    try? manager.createDirectory(
      atPath: directory, withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o700])
    let temporary = directory + "/." + UUID().uuidString
    guard manager.createFile(atPath: temporary, contents: Data(bytes)) else { return }
    if rename(temporary, file) != 0 { try? manager.removeItem(atPath: temporary) }
    guard let names = try? manager.contentsOfDirectory(atPath: directory),
      names.count > fileLimit
    else { return }
    let dated = names.compactMap { name -> (String, Date)? in
      guard !name.hasPrefix("."),
        let date = try? manager.attributesOfItem(atPath: directory + "/" + name)[.modificationDate]
          as? Date
      else { return nil }
      return (name, date)
    }.sorted { $0.1 < $1.1 }
    for (old, _) in dated.prefix(dated.count / 4) {
      try? manager.removeItem(atPath: directory + "/" + old)
    }
  }
}
