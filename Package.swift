// swift-tools-version: 6.0
import PackageDescription

let upcoming: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "git-drift",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "git-drift", targets: ["git-drift"]),
    .library(name: "DriftCommands", targets: ["DriftCommands"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
  ],
  targets: [
    // MARK: Foundations

    /** libgit2 from Debian's libgit2-dev, through pkg-config. */
    .systemLibrary(
      name: "CLibGit2",
      pkgConfig: "libgit2",
      providers: [.apt(["libgit2-dev", "pkg-config"])]
    ),
    /** libyaml from Debian's libyaml-dev, through pkg-config: the YAML event parser. */
    .systemLibrary(
      name: "CLibYAML",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev", "pkg-config"])]
    ),
    /** Independent work on every core: ordered parallel map, chunks, work on another thread. */
    .target(name: "Parallelism", swiftSettings: upcoming),
    /** Pure value types: values with source positions, resources, drifts, configuration. */
    .target(name: "DriftModel", exclude: ["README.md"], swiftSettings: upcoming),
    /** JSON read and written in order with positions, on all cores; keyed digests of values. */
    .target(
      name: "DriftJSON",
      dependencies: [
        "DriftModel", "Parallelism", .product(name: "Crypto", package: "swift-crypto"),
      ],
      exclude: ["README.md"], swiftSettings: upcoming),
    /** HCL2 native syntax: a parser that keeps exact source ranges; knows nothing of Terraform. */
    .target(
      name: "HCL", dependencies: ["DriftModel", "DriftJSON"], exclude: ["README.md"],
      swiftSettings: upcoming),

    // MARK: Readers and engines

    /** libdeflate from Debian's libdeflate-dev, through pkg-config: the zlib streams and CRC-32s
        of the packs git-drift writes (whole buffers, about twice as fast as zlib). */
    .systemLibrary(
      name: "CLibDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
    /** A small safe wrapper over libgit2 that knows nothing of drift. */
    .target(
      name: "Git",
      dependencies: [
        "CLibGit2", "CLibDeflate", "Parallelism", .product(name: "Crypto", package: "swift-crypto"),
      ],
      exclude: ["README.md"], swiftSettings: upcoming),
    /** The Terraform language as terraform plan evaluates it: values, types, scope, modules,
        functions. */
    .target(
      name: "DriftTerraform",
      dependencies: [
        "DriftModel", "DriftJSON", "HCL", .product(name: "BigInt", package: "BigInt"),
      ],
      exclude: ["README.md"], swiftSettings: upcoming),
    /** Readers and writers of each format: bytes and path to resources with source positions. */
    .target(
      name: "DriftFormats",
      dependencies: [
        "DriftModel", "DriftJSON", "HCL", "DriftTerraform", "DriftDiff", "CLibYAML", "CLibDeflate",
        "Parallelism", .product(name: "Crypto", package: "swift-crypto"),
      ],
      exclude: ["README.md"],
      swiftSettings: upcoming
    ),
    /** Normalise, match and compare desired with live: modified, missing, unmanaged. */
    .target(
      name: "DriftDiff", dependencies: ["DriftModel", "DriftJSON"], exclude: ["README.md"],
      swiftSettings: upcoming),

    // MARK: History

    /** Snapshots of live state in git, timeline, bisection and provenance of drifted values. */
    .target(
      name: "DriftHistory",
      dependencies: ["Git", "DriftModel", "DriftJSON", "DriftFormats", "DriftDiff", "Parallelism"],
      exclude: ["README.md"], swiftSettings: upcoming),

    // MARK: Recover

    /** Accepted drift as a patch branch, rollback plans, post-mortems from templates. */
    .target(
      name: "DriftRecovery",
      dependencies: [
        "Git", "DriftModel", "DriftJSON", "DriftFormats", "DriftTerraform", "DriftDiff",
        "DriftHistory", "HCL", .product(name: "Mustache", package: "swift-mustache"),
      ],
      exclude: ["README.md"], swiftSettings: upcoming),

    // MARK: Output

    /** Renderers to text, with no I/O: drift reports (text, JSON, SARIF, Markdown, JUnit), and
        timelines, bisections, explanations, snapshot listings and watch events. */
    .target(
      name: "DriftReports",
      dependencies: [
        "DriftModel", "DriftJSON", "DriftDiff", "DriftFormats", "DriftHistory", "Git",
      ],
      exclude: ["README.md"],
      swiftSettings: upcoming),

    // MARK: Use cases

    /** The use cases over the domain modules: workspace, check run, recovery session, history
        session, snapshot recorder, policy check. Prints nothing. */
    .target(
      name: "DriftEngine",
      dependencies: [
        "Git", "DriftModel", "DriftJSON", "DriftFormats", "DriftTerraform", "DriftDiff",
        "DriftHistory", "DriftRecovery", "DriftReports", "Parallelism",
      ],
      exclude: ["README.md"], swiftSettings: upcoming),

    // MARK: Command line

    /** The command tree, file and process I/O, exit status. */
    .target(
      name: "DriftCommands",
      dependencies: [
        "Git", "DriftModel", "DriftJSON", "DriftFormats", "DriftTerraform", "DriftDiff",
        "DriftHistory", "DriftRecovery", "DriftReports", "DriftEngine", "Parallelism",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      exclude: ["README.md"],
      swiftSettings: upcoming
    ),
    /** The `git-drift` executable, so that `git drift` works as a git subcommand. */
    .executableTarget(name: "git-drift", dependencies: ["DriftCommands"], swiftSettings: upcoming),

    // MARK: Benchmarks

    /** Measures history commands on generated repositories: `swift run -c release drift-bench`. */
    .executableTarget(
      name: "drift-bench",
      dependencies: [
        "DriftHistory", "DriftFormats", "DriftModel", "DriftJSON", "Git", "DriftTestSupport",
      ],
      path: "Benchmarks/drift-bench", swiftSettings: upcoming),

    // MARK: Tests

    /** Scratch git repositories, generated workloads and golden files for the tests. */
    .target(
      name: "DriftTestSupport", dependencies: ["CLibDeflate", "DriftModel"], swiftSettings: upcoming),
    .testTarget(
      name: "DriftModelTests", dependencies: ["DriftModel", "DriftTestSupport"],
      swiftSettings: upcoming),
    .testTarget(
      name: "DriftJSONTests", dependencies: ["DriftJSON", "DriftModel", "DriftTestSupport"],
      swiftSettings: upcoming),
    .testTarget(
      name: "DriftTerraformTests",
      dependencies: [
        "DriftTerraform", "DriftFormats", "DriftJSON", "DriftTestSupport",
        .product(name: "BigInt", package: "BigInt"),
      ],
      swiftSettings: upcoming),
    .testTarget(name: "HCLTests", dependencies: ["HCL"], swiftSettings: upcoming),
    .testTarget(
      name: "DriftTestSupportTests", dependencies: ["DriftTestSupport"], swiftSettings: upcoming),
    .testTarget(
      name: "GitTests", dependencies: ["Git", "DriftTestSupport"], swiftSettings: upcoming),
    .testTarget(
      name: "DriftFormatsTests", dependencies: ["DriftFormats", "DriftTestSupport"],
      swiftSettings: upcoming),
    .testTarget(
      name: "DriftDiffTests", dependencies: ["DriftDiff", "DriftFormats", "DriftTestSupport"],
      swiftSettings: upcoming),
    .testTarget(
      name: "DriftHistoryTests",
      dependencies: ["DriftHistory", "DriftFormats", "Git", "DriftTestSupport"],
      swiftSettings: upcoming),
    .testTarget(
      name: "DriftRecoveryTests",
      dependencies: ["DriftRecovery", "DriftFormats", "DriftJSON", "Git", "DriftTestSupport"],
      swiftSettings: upcoming),
    .testTarget(
      name: "DriftReportsTests",
      dependencies: [
        "DriftReports", "DriftDiff", "DriftFormats", "DriftHistory", "Git", "DriftTestSupport",
      ],
      swiftSettings: upcoming),
    .testTarget(
      name: "DriftEngineTests",
      dependencies: ["DriftEngine", "DriftFormats", "DriftModel", "Git", "DriftTestSupport"],
      swiftSettings: upcoming),
    .testTarget(
      name: "DriftCommandsTests",
      dependencies: ["DriftCommands", "Git", "DriftTestSupport", "CLibDeflate"],
      swiftSettings: upcoming),
  ]
)
