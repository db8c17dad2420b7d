import DriftModel
import HCL
import Testing

@Suite struct HCLExpressionTests {
  @Test func numbersKeepTheirText() throws {
    #expect(try tree("42") == "42")
    #expect(try tree("1.50") == "1.50")
    #expect(try tree("1e3") == "1e3")
    #expect(try tree("2.5E-10") == "2.5E-10")
    #expect(try tree("-7") == "(- 7)")
  }

  @Test func booleansAndNull() throws {
    #expect(try tree("[true, false, null, nullable]") == "[true false null nullable]")
    guard case .bool(true) = try expression("a = true").kind else {
      Issue.record("true is not a boolean")
      return
    }
  }

  @Test func variablesAttributesAndIndexes() throws {
    #expect(try tree("var.name") == "var.name")
    #expect(try tree("aws_instance.web[0].id") == "aws_instance.web[0].id")
    #expect(
      try tree("local.map[\"key\"][var.i + 1]") == "local.map[(template \"key\")][(+ var.i 1)]")
    #expect(try tree("a[\n  0\n]") == "a[0]")
  }

  @Test func legacyIndexIsAnIndex() throws {
    #expect(try tree("aws_instance.web.0.id") == "aws_instance.web[0].id")
    let index = try expression("a = x.10")
    guard case .index(_, let key) = index.kind else {
      Issue.record("x.10 is not an index")
      return
    }
    #expect(sexp(key) == "10")
    #expect(key.range.startOffset == 6)
  }

  @Test func attributeSplatTakesOnlyAttributesAfterIt() throws {
    #expect(try tree("a.*.b.c") == "(attr-splat a .b .c)")
    #expect(try tree("a.*.b.0") == "(attr-splat a .b [0])")
    #expect(try tree("a.*.b[0]") == "(attr-splat a .b)[0]")
    #expect(try tree("a.*") == "(attr-splat a)")
  }

  @Test func fullSplatTakesEveryStepAfterIt() throws {
    #expect(try tree("a[*].b[0].c") == "(splat a .b [0] .c)")
    #expect(try tree("a[*]") == "(splat a)")
    #expect(try tree("values(x)[ * ].id") == "(splat (call values x) .id)")
    let splat = try expression("a = x[*].y\n")
    #expect(splat.range.startOffset == 4 && splat.range.endOffset == 10)
  }

  @Test func functionCallsWithExpansionAndProviderNamespaces() throws {
    #expect(try tree("f()") == "(call f)")
    #expect(try tree("max(1, 2,)") == "(call max 1 2)")
    #expect(try tree("max(var.list...)") == "(call max var.list ...)")
    #expect(try tree("concat(a, b...)") == "(call concat a b ...)")
    #expect(
      try tree("provider::aws::arn_parse(x)") == "(call provider::aws::arn_parse x)")
    #expect(try tree("f(\n  1,\n  2\n)") == "(call f 1 2)")
  }

  @Test func tuples() throws {
    #expect(try tree("[]") == "[]")
    #expect(try tree("[1, \"a\", [2]]") == "[1 (template \"a\") [2]]")
    #expect(try tree("[\n  1,\n  2,\n]") == "[1 2]")
  }

  @Test func objectsWithEveryKindOfKeyAndSeparator() throws {
    #expect(try tree("{}") == "{}")
    #expect(
      try tree("{ a = 1, \"b\" = 2, (c) = 3, d.e = 4, \"${f}\" : 5 }")
        == "{a=1 (template \"b\")=2 (paren c)=3 d.e=4 (template ${f})=5}")
    #expect(try tree("{\n  a = 1\n  b = 2,\n  c = 3\n\n}") == "{a=1 b=2 c=3}")
    let object = try expression("a = { key = 1 }\n")
    guard case .object(let items) = object.kind, case .identifier("key", let range) = items[0].key
    else {
      Issue.record("the key is not an identifier")
      return
    }
    #expect(range.startOffset == 6 && range.endOffset == 9)
  }

  @Test func conditionalsAreRightAssociative() throws {
    #expect(try tree("a ? b : c") == "(? a b c)")
    #expect(try tree("a ? b : c ? d : e") == "(? a b (? c d e))")
    #expect(try tree("a == 1 ? b + 1 : c") == "(? (== a 1) (+ b 1) c)")
  }

  @Test func binaryOperatorsFollowHCLPrecedence() throws {
    #expect(try tree("a || b && c") == "(|| a (&& b c))")
    #expect(try tree("a && b == c") == "(&& a (== b c))")
    #expect(try tree("a == b < c") == "(== a (< b c))")
    #expect(try tree("a < b + c") == "(< a (+ b c))")
    #expect(try tree("a + b * c") == "(+ a (* b c))")
    #expect(try tree("a - b - c") == "(- (- a b) c)")
    #expect(try tree("a / b * c % d") == "(% (* (/ a b) c) d)")
    #expect(try tree("a != b >= c <= d > e") == "(!= a (> (<= (>= b c) d) e))")
  }

  @Test func unaryOperatorsBindTightest() throws {
    #expect(try tree("-a + b") == "(+ (- a) b)")
    #expect(try tree("!a && !b") == "(&& (! a) (! b))")
    #expect(try tree("-a.b[0]") == "(- a.b[0])")
    #expect(try tree("!!a") == "(! (! a))")
  }

  @Test func forExpressionsInTupleAndObjectForm() throws {
    #expect(try tree("[for v in list : v]") == "[for v in list : v]")
    #expect(try tree("[for i, v in list : v if i > 0]") == "[for i v in list : v if (> i 0)]")
    #expect(try tree("{for k, v in map : k => v}") == "{for k v in map : k => v}")
    #expect(
      try tree("{for k, v in map : v => k... if k != \"\"}")
        == "{for k v in map : v => k ... if (!= k (template \"\"))}")
    #expect(try tree("[\n  for v in list :\n  v\n]") == "[for v in list : v]")
  }

  @Test func parenthesesAreKept() throws {
    #expect(try tree("(a + b) * c") == "(* (paren (+ a b)) c)")
    #expect(try tree("(\n  a\n  + b\n)") == "(paren (+ a b))")
  }

  @Test func expressionRangesCoverTheirSource() throws {
    let source = "a = foo(1, [2]) + -x.y\n"
    let body = try parse(source)
    var checker = RangeChecker(bytes: Array(source.utf8), file: "test.tf")
    checker.check(body)
    #expect(checker.checkedNodes == 11)
  }
}
