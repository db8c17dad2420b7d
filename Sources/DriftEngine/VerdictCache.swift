package import DriftDiff
import DriftFormats
package import DriftModel
import Foundation
package import Git
import Parallelism

/// What the last check of a source against a recorded snapshot learnt, kept in one file per
/// source under `.git/drift/verdicts/`, so that the next check compares only what changed.
///
/// It holds, for each desired file whose blob it read, the identities and places of the
/// resources the file declares (never their bodies), and, for each live resource found in
/// sync, the ids its verdict was computed from (live blob, desired address and the blob of
/// its file) with the verdict's counts and claims: no value of any resource, so no secret, is
/// ever written. The whole file answers only for the context digest it starts with (rules
/// version, executable, configuration, ignore rules, day, digest key).
///
/// The file is rewritten whole with the entries of the last check only (about 100 bytes per
/// resource: 3 MB for 30,000), by a temporary file renamed into place, and the folder keeps at
/// most ``fileLimit`` sources; deleting any file, or the folder, at any time only costs a full
/// comparison on the next check.
package struct VerdictCache {
  /// The stubs of one desired file: identities and places of what it declares.
  package struct FileOutline: Equatable {
    package var blob: ObjectID
    /// The file's resources as its format read them, with `.null` bodies.
    package var resources: [Resource]

    /// Creates an outline.
    package init(blob: ObjectID, resources: [Resource]) {
      self.blob = blob
      self.resources = resources
    }

    package static func == (lhs: FileOutline, rhs: FileOutline) -> Bool {
      lhs.blob == rhs.blob && lhs.resources.count == rhs.resources.count
        && zip(lhs.resources, rhs.resources).allSatisfy {
          $0.id == $1.id && $0.location == $1.location
        }
    }
  }

  /// One live resource's verdict with the ids it was computed from.
  package struct Entry: Equatable {
    package var live: ObjectID
    /// The address the desired resource compared has in the desired index.
    package var desired: String
    /// The blob of the file that declares it.
    package var file: ObjectID
    /// That file's path, so that a check knows which files to read before it reads any.
    package var path: String
    package var settled: SettledVerdict

    /// Creates an entry.
    package init(
      live: ObjectID, desired: String, file: ObjectID, path: String, settled: SettledVerdict
    ) {
      self.live = live
      self.desired = desired
      self.file = file
      self.path = path
      self.settled = settled
    }
  }

  /// What a cache file holds.
  package struct Contents: Equatable {
    /// Outlines by desired file path.
    package var files: [String: FileOutline] = [:]
    /// Verdicts by live address.
    package var verdicts: [String: Entry] = [:]

    /// Creates empty contents.
    package init() {}
  }

  /// Bumped whenever a comparison could decide otherwise on the same inputs, so that no
  /// verdict of an older rule set is reused (the executable's size and time cover builds).
  package static let rulesVersion = 1

  /// Sources kept at most; beyond, the oldest quarter of the files is removed.
  static let fileLimit = 64

  private static let magic = Array("git-drift verdicts 4\n".utf8)

  let directory: String
  let file: String

  /// The cache of `source` in `directory` (`.git/drift/verdicts`).
  package init(directory: String, source: String) {
    self.directory = directory
    file = directory + "/" + Repository.blobID(of: Array(source.utf8)).hex
  }

  /// The digest of everything a verdict depends on besides the ids of its entry.
  package static func context(_ parts: [String]) -> [UInt8] {
    var bytes: [UInt8] = []
    for part in ["rules \(rulesVersion)", executableStamp] + parts {
      bytes += "\(part.utf8.count):\(part)\n".utf8
    }
    return Repository.blobID(of: bytes).bytes
  }

  /// The running executable's path, size and modification time: another build may compare
  /// differently.
  private static let executableStamp: String = {
    let path =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments.first ?? ""
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
      return path
    }
    let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    return "\(path) \(size) \(time)"
  }()

  /// The contents written for `context`; nil when there are none, they are unreadable or they
  /// answer for another context.
  package func load(context: [UInt8]) -> Contents? {
    guard let data = FileManager.default.contents(atPath: file) else { return nil }
    var reader = ByteReader(bytes: [UInt8](data))
    guard reader.take(Self.magic.count) == Self.magic[...],
      reader.take(context.count) == context[...], let length = reader.number(),
      length <= reader.end - reader.offset
    else { return nil }
    // The verdicts are decoded on another core while the outlines are: a sixth of a check
    // where nothing changed was this decoding.
    let verdictReader = ByteReader(bytes: reader.bytes, offset: reader.offset + length)
    reader.end = reader.offset + length
    let pending = Parallel.Pending {
      var reader = verdictReader
      return Self.decodeVerdicts(&reader)
    }
    let files = Self.decodeFiles(&reader)
    guard let verdicts = pending.wait(), let files else { return nil }
    var contents = Contents()
    contents.files = files
    contents.verdicts = verdicts
    return contents
  }

  /// Writes `contents` for `context`, whole or not at all; failures only cost comparisons
  /// later.
  package func save(_ contents: Contents, context: [UInt8]) {
    var bytes = Self.magic + context
    Self.encode(contents, into: &bytes)
    CacheFolder(directory: directory, fileLimit: Self.fileLimit).replace(file, with: bytes)
  }

  // MARK: Encoding

  private static func encode(_ contents: Contents, into bytes: inout [UInt8]) {
    var writer = ByteWriter(bytes: [])
    writer.number(contents.files.count)
    // In the dictionaries' order: sorting 30,000 addresses took a tenth of a check.
    for (path, outline) in contents.files {
      writer.text(path)
      writer.id(outline.blob)
      writer.number(outline.resources.count)
      for resource in outline.resources {
        // Nothing when the type is the address's first segment (every Kubernetes address).
        let type = resource.id.type
        writer.optionalText(type == Self.firstSegment(of: resource.id.address) ? nil : type)
        writer.text(resource.id.address)
        // Nearly always the file itself: written as nothing.
        writer.text(resource.location?.file == path ? "" : resource.location?.file ?? path)
        writer.number(resource.location?.line ?? 0)
        writer.number(resource.location?.column ?? 0)
      }
    }
    var files = ByteWriter(bytes: bytes)
    files.number(writer.bytes.count)
    files.bytes += writer.bytes
    writer = files
    writer.number(contents.verdicts.count)
    for (address, entry) in contents.verdicts {
      writer.text(address)
      writer.id(entry.live)
      // Nearly always the live address: written as nothing.
      writer.text(entry.desired == address ? "" : entry.desired)
      writer.id(entry.file)
      writer.text(entry.path)
      let counts = entry.settled.counts
      for count in [
        counts.resources, counts.inSync, counts.modified, counts.missing, counts.unmanaged,
        counts.ignored, counts.unevaluated, counts.unevaluatedResources, counts.clusterOwned,
        counts.notExported,
      ] {
        writer.number(count)
      }
      writer.number(entry.settled.notComparable.count)
      for (reason, count) in entry.settled.notComparable.sorted(by: { $0.key < $1.key }) {
        writer.text(reason)
        writer.number(count)
      }
      writer.optionalText(entry.settled.matched)
      writer.number(entry.settled.claims.count)
      for claim in entry.settled.claims {
        writer.text(claim.address)
        writer.texts(claim.paths)
        writer.text(claim.claimant)
        writer.text(claim.reason)
      }
      writer.number(entry.settled.unattributed ? 1 : 0)
    }
    bytes = writer.bytes
  }

  /// The address up to its first `/`.
  private static func firstSegment(of address: String) -> String {
    guard let slash = address.utf8.firstIndex(of: UInt8(ascii: "/")) else { return address }
    return String(address[..<slash])
  }

  private static func decodeFiles(_ reader: inout ByteReader) -> [String: FileOutline]? {
    var contents = Contents()
    guard let fileCount = reader.number() else { return nil }
    contents.files.reserveCapacity(fileCount)
    for _ in 0..<fileCount {
      guard let path = reader.text(), let blob = reader.id(), let count = reader.number()
      else { return nil }
      var resources: [Resource] = []
      resources.reserveCapacity(count)
      for _ in 0..<count {
        guard let written = reader.optionalText(), let address = reader.text(),
          let file = reader.text(), let line = reader.number(), let column = reader.number()
        else { return nil }
        let type = written ?? firstSegment(of: address)
        resources.append(
          Resource(
            id: ResourceID(type: type, address: address), body: .null,
            location: SourceLocation(file: file.isEmpty ? path : file, line: line, column: column)))
      }
      contents.files[path] = FileOutline(blob: blob, resources: resources)
    }
    return reader.atEnd ? contents.files : nil
  }

  private static func decodeVerdicts(_ reader: inout ByteReader) -> [String: Entry]? {
    var contents = Contents()
    guard let verdictCount = reader.number() else { return nil }
    contents.verdicts.reserveCapacity(verdictCount)
    for _ in 0..<verdictCount {
      guard let address = reader.text(), let live = reader.id(), let desired = reader.text(),
        let file = reader.id(), let path = reader.text()
      else { return nil }
      var numbers: [Int] = []
      for _ in 0..<10 {
        guard let number = reader.number() else { return nil }
        numbers.append(number)
      }
      var counts = DriftReport.Summary()
      counts.resources = numbers[0]
      counts.inSync = numbers[1]
      counts.modified = numbers[2]
      counts.missing = numbers[3]
      counts.unmanaged = numbers[4]
      counts.ignored = numbers[5]
      counts.unevaluated = numbers[6]
      counts.unevaluatedResources = numbers[7]
      counts.clusterOwned = numbers[8]
      counts.notExported = numbers[9]
      guard let reasons = reader.number() else { return nil }
      var notComparable: [String: Int] = [:]
      for _ in 0..<reasons {
        guard let reason = reader.text(), let count = reader.number() else { return nil }
        notComparable[reason] = count
      }
      guard let matched = reader.optionalText(), let claimCount = reader.number() else {
        return nil
      }
      var claims: [Claim] = []
      for _ in 0..<claimCount {
        guard let claimed = reader.text(), let paths = reader.texts(),
          let claimant = reader.text(), let reason = reader.text()
        else { return nil }
        claims.append(Claim(address: claimed, paths: paths, claimant: claimant, reason: reason))
      }
      guard let unattributed = reader.number() else { return nil }
      contents.verdicts[address] = Entry(
        live: live, desired: desired.isEmpty ? address : desired, file: file, path: path,
        settled: SettledVerdict(
          counts: counts, notComparable: notComparable, matched: matched, claims: claims,
          unattributed: unattributed != 0))
    }
    return reader.atEnd ? contents.verdicts : nil
  }
}
