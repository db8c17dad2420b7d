import DriftFormats
import DriftModel
import Testing

/// What a person's file looks like stays: line endings, a byte order mark, the final newline,
/// flow lists, and the places of documents after edits in earlier ones.
@Suite("ManifestEditor keeps the file's style")
struct ManifestEditorStyleTests {
  static let twoDocuments = """
    kind: ConfigMap
    metadata:
      name: one
    data:
      a: "1"
    ---
    kind: Deployment
    metadata:
      name: two
    spec:
      template:
        spec:
          containers:
            - name: app
              args: ["--a", "--b"]
              env:
              - name: A
                value: x
              - name: C
                value: z
    """

  @Test("CRLF, a BOM and no final newline survive an edit")
  func lineEndingsAndBOM() throws {
    let text = "\u{FEFF}kind: ConfigMap\r\nmetadata:\r\n  name: one\r\ndata:\r\n  a: '1'"
    var editor = try ManifestEditor(Array(text.utf8), file: "one.yaml")
    try editor.set("2", at: FieldPath(["data", "a"]), document: 0)
    try editor.set("3", at: FieldPath(["data", "b"]), document: 0)
    #expect(
      editor.text
        == "\u{FEFF}kind: ConfigMap\r\nmetadata:\r\n  name: one\r\ndata:\r\n  a: '2'\r\n  b: \"3\"")
  }

  @Test("documents keep their index after an edit moves their lines")
  func documentsAfterAnEdit() throws {
    var editor = try ManifestEditor(Array(Self.twoDocuments.utf8), file: "two.yaml")
    #expect(editor.document(startingAt: 1) == 0)
    #expect(editor.document(startingAt: 7) == 1)
    try editor.set("9", at: FieldPath(["data", "b"]), document: 0)
    #expect(editor.document(startingAt: 7) == 1, "the index is of the file as read")
    let env = FieldPath(["spec", "template", "spec", "containers", "0", "env"])
    try editor.insert(
      .object([Member("name", "B"), Member("value", "y")]), at: env, position: 1, document: 1)
    try editor.set(
      "--c", at: FieldPath(["spec", "template", "spec", "containers", "0", "args", "1"]),
      document: 1)
    #expect(
      editor.text.contains(
        """
                  args: ["--a", "--c"]
                  env:
                  - name: A
                    value: x
                  - name: B
                    value: y
                  - name: C
        """))
    #expect(editor.text.contains("  a: \"1\"\n  b: \"9\"\n---\n"))
  }

  @Test("an item goes into a flow list in flow style")
  func flowInsert() throws {
    var editor = try ManifestEditor(Array(Self.twoDocuments.utf8), file: "two.yaml")
    let args = FieldPath(["spec", "template", "spec", "containers", "0", "args"])
    try editor.insert("--z", at: args, position: 0, document: 1)
    #expect(editor.text.contains(#"args: ["--z", "--a", "--b"]"#), "\(editor.text)")
  }
}

extension ManifestEditorStyleTests {
  @Test("a new key goes among its siblings where live has it")
  func keyAmongSiblings() throws {
    let text = "data:\n  alpha: a  # first\n  gamma: g\n"
    var editor = try ManifestEditor(Array(text.utf8), file: "map.yaml")
    try editor.set(
      "b", at: FieldPath(["data", "beta"]), document: 0, order: ["alpha", "beta", "gamma"])
    try editor.set("0", at: FieldPath(["data", "aaa"]), document: 0, order: ["aaa", "alpha"])
    try editor.set("z", at: FieldPath(["data", "zeta"]), document: 0)
    #expect(
      editor.text
        == "data:\n  aaa: \"0\"\n  alpha: a  # first\n  beta: b\n  gamma: g\n  zeta: z\n")
  }
}
