import DriftFormats
import DriftModel
import Testing

@Suite("ManifestEditor")
struct ManifestEditorTests {
  static let manifest = """
    # web: the storefront
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      labels:
        app: web   # selector label
    spec:
      replicas: 3  # sized for peak
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels:
            app: web
        spec:
          containers:
            - name: web
              image: 'registry.example.com/web:1.0'
              env:
                - name: LOG_LEVEL
                  value: info

              ports:
                - containerPort: 8080
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: web-config
    data:
      FEATURE_X: "on"  # quoted, or YAML 1.1 reads it as true
      app.properties: |
        port=8080
        ttl=60s

    """

  func edited(_ body: (inout ManifestEditor) throws -> Void) throws -> String {
    var editor = try ManifestEditor(Array(Self.manifest.utf8), file: "web.yaml")
    try body(&editor)
    return editor.text
  }

  /// The lines of `after` that differ from the manifest, as a unified diff would count them.
  func changedLines(_ after: String) -> (removed: [String], added: [String]) {
    let old = Self.manifest.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    let new = after.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var prefix = 0
    while prefix < min(old.count, new.count), old[prefix] == new[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < min(old.count, new.count) - prefix,
      old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
    {
      suffix += 1
    }
    return (Array(old[prefix..<(old.count - suffix)]), Array(new[prefix..<(new.count - suffix)]))
  }

  @Test func scalarReplacementKeepsTheComment() throws {
    let text = try edited { try $0.set(5, at: FieldPath(pointer: "/spec/replicas")!, document: 0) }
    #expect(
      changedLines(text) == (
        ["  replicas: 3  # sized for peak"], ["  replicas: 5  # sized for peak"]
      ))
  }

  @Test func quotingStyleIsKept() throws {
    let text = try edited {
      try $0.set(
        "registry.example.com/web:1.1-hotfix",
        at: FieldPath(pointer: "/spec/template/spec/containers/0/image")!, document: 0)
      try $0.set("off", at: FieldPath(pointer: "/data/FEATURE_X")!, document: 1)
    }
    #expect(text.contains("          image: 'registry.example.com/web:1.1-hotfix'\n"))
    #expect(text.contains("  FEATURE_X: \"off\"  # quoted, or YAML 1.1 reads it as true\n"))
    #expect(changedLines(text).added.count == changedLines(text).removed.count)
  }

  @Test func listItemIsAppendedInTheSurroundingStyle() throws {
    let text = try edited {
      try $0.set(
        ["name": "DEBUG", "value": "true"],
        at: FieldPath(pointer: "/spec/template/spec/containers/0/env/1")!, document: 0)
    }
    let diff = changedLines(text)
    #expect(diff.removed.isEmpty)
    #expect(diff.added == ["            - name: DEBUG", "              value: \"true\""])
    let reparsed = try YAMLReader.documents(Array(text.utf8), file: "web.yaml")
    #expect(
      reparsed[0].value.value(
        at: FieldPath(pointer: "/spec/template/spec/containers/0/env/1/value")!) == "true")
  }

  @Test func keysAreAddedUnderTheirParentOrWithIt() throws {
    let text = try edited {
      try $0.set("checkout", at: FieldPath(pointer: "/metadata/labels/team")!, document: 0)
      try $0.set("set by hand", at: FieldPath(pointer: "/metadata/annotations/note")!, document: 0)
    }
    #expect(
      text.contains(
        "    app: web   # selector label\n    team: checkout\n  annotations:\n    note: set by hand\nspec:\n"
      ))
  }

  @Test func removalTakesTheWholeEntry() throws {
    let text = try edited {
      try $0.remove(at: FieldPath(pointer: "/spec/template/spec/containers/0/env/0")!, document: 0)
      try $0.remove(at: FieldPath(pointer: "/spec/replicas")!, document: 0)
    }
    #expect(!text.contains("LOG_LEVEL"))
    #expect(!text.contains("replicas"))
    #expect(text.contains("          env:\n\n          ports:"))
  }

  @Test func flowCollectionsChangeOnTheirLine() throws {
    let text = try edited {
      try $0.set("web-2", at: FieldPath(pointer: "/spec/selector/matchLabels/app")!, document: 0)
    }
    #expect(
      changedLines(text) == (["    matchLabels: {app: web}"], ["    matchLabels: {app: web-2}"]))
  }

  @Test func blockScalarsAreRewrittenLineByLine() throws {
    let text = try edited {
      try $0.set(
        "port=8080\nttl=120s\n", at: FieldPath(pointer: "/data/app.properties")!, document: 1)
    }
    #expect(changedLines(text) == (["    ttl=60s"], ["    ttl=120s"]))
  }

  @Test func documentsAreRemovedWithTheirSeparator() throws {
    var editor = try ManifestEditor(Array(Self.manifest.utf8), file: "web.yaml")
    try editor.removeDocument(1)
    #expect(!editor.text.contains("---"))
    #expect(!editor.text.contains("ConfigMap"))
    #expect(editor.text.hasPrefix("# web: the storefront\napiVersion: apps/v1\n"))
    try editor.removeDocument(0)
    #expect(editor.isEmpty)
  }

  @Test func compactSequencesGetCompactItems() throws {
    let manifest =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: a:1\n"
    var editor = try ManifestEditor(Array(manifest.utf8), file: "pod.yaml")
    try editor.set(
      ["name": "b", "image": "b:1"], at: FieldPath(pointer: "/spec/containers/1")!, document: 0)
    #expect(editor.text == manifest + "  - name: b\n    image: b:1\n")
  }

  @Test func editsThatCannotBeWrittenSaySo() throws {
    let manifest =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: &x one\n  b: *x\n"
    var editor = try ManifestEditor(Array(manifest.utf8), file: "c.yaml")
    let error = try #require(throws: DriftError.self) {
      try editor.set("two", at: FieldPath(pointer: "/data/a")!, document: 0)
    }
    #expect(error.message.hasPrefix("cannot express this edit: anchors"))
    #expect(error.location?.line == 6)
  }
}
