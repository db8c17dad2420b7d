import DriftModel
import HCL
import Testing

@Suite struct HCLBodyTests {
  @Test func attributesKeepTheirOrderNamesAndRanges() throws {
    let body = try parse("b = 1\na = \"x\"\n")
    #expect(body.attributes.map(\.name) == ["b", "a"])
    let first = try #require(body.attribute("b"))
    #expect(first.nameRange.start == Position(line: 1, column: 1))
    #expect(first.range.end == Position(line: 1, column: 6))
    #expect(sexp(first.expression) == "1")
    #expect(try #require(body.attribute("a")).range.start == Position(line: 2, column: 1))
  }

  @Test func blocksTakeQuotedAndIdentifierLabels() throws {
    let body = try parse(
      """
      resource "aws_vpc" "main\\t1" {
        cidr_block = "10.0.0.0/16"
      }
      provider aws {
      }

      """)
    let resource = try #require(body.blocks(ofType: "resource").first)
    #expect(resource.labels.map(\.value) == ["aws_vpc", "main\t1"])
    #expect(resource.labels.map(\.isQuoted) == [true, true])
    #expect(resource.labels[0].range.startOffset == 9)
    #expect(resource.labels[0].range.endOffset == 18)
    #expect(resource.body.attribute("cidr_block") != nil)
    #expect(resource.range.end == Position(line: 3, column: 2))
    let provider = try #require(body.blocks(ofType: "provider").first)
    #expect(provider.labels.map(\.value) == ["aws"])
    #expect(provider.labels[0].isQuoted == false)
    #expect(provider.body.items.isEmpty)
  }

  @Test func nestedBlocksAndDashesInNames() throws {
    let body = try parse(
      """
      a {
        b-c {
          d_e-f = 1
        }
      }

      """)
    let inner = try #require(body.blocks.first?.body.blocks(ofType: "b-c").first)
    #expect(inner.body.attributes.map(\.name) == ["d_e-f"])
  }

  @Test func oneLineAndEmptyBlocks() throws {
    let body = try parse("a \"x\" { b = [1, 2] }\nc {}\nd \"y\" {\n}\n")
    let oneLine = body.blocks[0]
    #expect(oneLine.body.attributes.map(\.name) == ["b"])
    #expect(sexp(oneLine.body.attributes[0].expression) == "[1 2]")
    #expect(oneLine.body.range.startOffset == oneLine.openBraceRange.endOffset)
    #expect(body.blocks[1].body.items.isEmpty)
    #expect(body.blocks[1].openBraceRange.endOffset == body.blocks[1].closeBraceRange.startOffset)
    #expect(body.blocks[2].labels.map(\.value) == ["y"])
  }

  @Test func commentsOfEveryKindAreIgnoredEverywhere() throws {
    let body = try parse(
      """
      # hash comment
      // slash comment
      /* block
         comment */ a = 1 # after
      b /* between */ = /* inside */ 2 // after
      c {
        # inside a block
        d = 3 /* after */
      }
      e = [ # tuple
        1, // one
        /* two */ 2,
      ]
      f = {
        # object
        g = 1 # value
        /* key */ h = 2
      }
      i = max(
        1, # argument
        2
      )
      """)
    #expect(body.items.count == 6)
    #expect(body.attributes.map(\.name) == ["a", "b", "e", "f", "i"])
    #expect(try sexp(of: "b", in: body) == "2")
    #expect(try sexp(of: "e", in: body) == "[1 2]")
    #expect(try sexp(of: "f", in: body) == "{g=1 h=2}")
    #expect(try sexp(of: "i", in: body) == "(call max 1 2)")
    #expect(body.blocks[0].body.attributes.map(\.name) == ["d"])
  }

  @Test func newlinesEndItemsAndBlankLinesOrCarriageReturnsDoNotMatter() throws {
    let body = try parse("\n\n a = 1\r\n\r\n\tb = 2\r\nc {\r\n d = 3\r\n}")
    #expect(body.attributes.map(\.name) == ["a", "b"])
    #expect(body.blocks[0].body.attributes.map(\.name) == ["d"])
    #expect(body.attributes[1].nameRange.start == Position(line: 5, column: 2))
  }

  @Test func theFileBodyCoversTheWholeFile() throws {
    let source = "a = 1\n\n"
    let body = try parse(source)
    #expect(body.range.startOffset == 0)
    #expect(body.range.endOffset == source.utf8.count)
    #expect(body.range.end == Position(line: 3, column: 1))
    #expect(try parse("").items.isEmpty)
  }

  @Test func unicodeIdentifiers() throws {
    let body = try parse("café = 1\nbloc ñ {\n}\n")
    #expect(body.attributes.map(\.name) == ["café"])
    #expect(body.blocks[0].labels.map(\.value) == ["ñ"])
  }
}
