/// One token of the HCL native syntax outside template literals.
struct HCLToken {
  /// What a token is.
  enum Kind: UInt8 {
    case identifier
    case number
    case newline
    case openBrace
    case closeBrace
    case openBracket
    case closeBracket
    case openParenthesis
    case closeParenthesis
    case dot
    case comma
    case star
    case slash
    case percent
    case plus
    case minus
    case equals
    case less
    case greater
    case bang
    case question
    case colon
    case tilde
    case equalEqual
    case notEqual
    case lessOrEqual
    case greaterOrEqual
    case and
    case or
    case doubleColon
    case ellipsis
    case fatArrow
    /// `~}`: the end of a template sequence that strips the space after it.
    case tildeCloseBrace
    /// `"`: a quoted template follows.
    case quote
    /// `<<EOT` or `<<-EOT` (the newline after it is consumed; the template follows).
    case heredoc
    case endOfFile
  }

  var kind: Kind
  var range: HCLRange

  /// The binary operator this token spells, with its precedence (higher binds tighter).
  var binaryOperator: (HCLBinaryOperator, precedence: Int)? {
    switch kind {
    case .or: (.or, 1)
    case .and: (.and, 2)
    case .equalEqual: (.equal, 3)
    case .notEqual: (.notEqual, 3)
    case .less: (.less, 4)
    case .lessOrEqual: (.lessOrEqual, 4)
    case .greater: (.greater, 4)
    case .greaterOrEqual: (.greaterOrEqual, 4)
    case .plus: (.add, 5)
    case .minus: (.subtract, 5)
    case .star: (.multiply, 6)
    case .slash: (.divide, 6)
    case .percent: (.modulo, 6)
    default: nil
    }
  }
}
