/// A compiled RE2 pattern, matched as Go's `regexp` matches it (leftmost-first, submatches)
/// by a Pike VM: every text position is visited once per program instruction, so the time is
/// at most pattern size × text length and nothing backtracks.
///
/// Swift's `Regex` backtracks: `replace(s, "/(a+)+b/", "x")` on 28 characters ran for
/// minutes. Here it takes 28 × 9 steps; a call that would exceed ``stepBudget`` stops with
/// ``TerraformRegexError/tooCostly`` and its attribute is unevaluated.
struct TerraformRegex {
  /// One VM instruction.
  enum Instruction {
    case scalar(Unicode.Scalar, fold: Bool)
    case set(Int)
    case any(newline: Bool)
    case assertion(RegexAssertion)
    /// Continue at both, the first preferred.
    case split(Int, Int)
    case jump(Int)
    case save(Int)
    case match
  }

  /// Larger programs (the copies that `{n,m}` makes are counted) are not evaluated: Go's
  /// own limit is higher, so they are not called invalid.
  static let maximumProgram = 50_000
  /// The steps (thread × position) one function call may take.
  ///
  /// That is a 10 kB string against a 100-instruction pattern, far more than configurations
  /// ask of `regex` (names, ARNs, versions). A step costs up to a microsecond in a release
  /// build (captures are copied as threads split): a locals chain that doubles a string by
  /// `replace(s, "/(.)/", "$1$1")` stops, unevaluated, after 2.9 s.
  static let stepBudget = 1_000_000

  private(set) var program: [Instruction] = []
  private var sets: [ScalarSet] = []
  /// Capture groups, without the whole match.
  let captureCount: Int
  /// The name of each capture group, index 0 for group 1.
  let captureNames: [String?]

  init(_ pattern: String) throws(TerraformRegexError) {
    var parser = RegexParser(pattern)
    let tree = try parser.parse()
    captureCount = parser.captures
    var names = [String?](repeating: nil, count: parser.captures)
    for (name, index) in parser.names { names[index - 1] = name }
    captureNames = names
    program.append(.save(0))
    try emit(tree)
    program.append(.save(1))
    program.append(.match)
  }

  // MARK: Compiling

  private mutating func append(_ instruction: Instruction) throws(TerraformRegexError) -> Int {
    guard program.count < Self.maximumProgram else {
      throw .unsupported("a pattern of more than \(Self.maximumProgram) instructions")
    }
    program.append(instruction)
    return program.count - 1
  }

  private mutating func emit(_ node: RegexNode) throws(TerraformRegexError) {
    switch node {
    case .empty: break
    case .scalar(let scalar, let fold): _ = try append(.scalar(scalar, fold: fold))
    case .set(let set):
      sets.append(set)
      _ = try append(.set(sets.count - 1))
    case .any(let newline): _ = try append(.any(newline: newline))
    case .assertion(let assertion): _ = try append(.assertion(assertion))
    case .group(let inner, let capture):
      guard let capture else { return try emit(inner) }
      _ = try append(.save(2 * capture))
      try emit(inner)
      _ = try append(.save(2 * capture + 1))
    case .concat(let items):
      for item in items { try emit(item) }
    case .alternate(let branches):
      var exits: [Int] = []
      for branch in branches.dropLast() {
        let split = try append(.split(0, 0))
        try emit(branch)
        exits.append(try append(.jump(0)))
        program[split] = .split(split + 1, program.count)
      }
      try emit(branches[branches.count - 1])
      for exit in exits { program[exit] = .jump(program.count) }
    case .repetition(let inner, let minimum, let maximum, let greedy):
      // Go's `simplify`: x{n,} is n-1 copies then x+, x{n,m} is n copies then nested x?.
      guard let maximum else {
        for _ in 0..<max(minimum - 1, 0) { try emit(inner) }
        if minimum > 0 { return try plus(inner, greedy: greedy) }
        // A star over what can match empty is (x+)?, as Go compiles it (golang.org/issue/46123):
        // the first iteration runs, so its groups capture the empty text.
        guard inner.isNullable else { return try star(inner, greedy: greedy) }
        let split = try append(.split(0, 0))
        try plus(inner, greedy: greedy)
        program[split] = choice(split + 1, program.count, greedy: greedy)
        return
      }
      for _ in 0..<minimum { try emit(inner) }
      var splits: [Int] = []
      for _ in minimum..<maximum {
        splits.append(try append(.split(0, 0)))
        try emit(inner)
      }
      for split in splits { program[split] = choice(split + 1, program.count, greedy: greedy) }
    }
  }

  private mutating func star(_ inner: RegexNode, greedy: Bool) throws(TerraformRegexError) {
    let split = try append(.split(0, 0))
    try emit(inner)
    _ = try append(.jump(split))
    program[split] = choice(split + 1, program.count, greedy: greedy)
  }

  private mutating func plus(_ inner: RegexNode, greedy: Bool) throws(TerraformRegexError) {
    let start = program.count
    try emit(inner)
    let split = try append(.split(0, 0))
    program[split] = choice(start, split + 1, greedy: greedy)
  }

  private func choice(_ more: Int, _ done: Int, greedy: Bool) -> Instruction {
    greedy ? .split(more, done) : .split(done, more)
  }

  // MARK: Matching

  /// The leftmost-first match starting at or after `start`: 2 × (captures + 1) offsets in
  /// `text`, -1 for a group that took no part.
  func firstMatch(in text: [Unicode.Scalar], from start: Int, budget: inout Int)
    throws(TerraformRegexError) -> [Int]?
  {
    let slots = 2 * (captureCount + 1)
    var current = ThreadList(size: program.count)
    var next = ThreadList(size: program.count)
    var matched: [Int]?
    var position = start
    while true {
      if matched == nil {
        // A thread that starts later has lower priority than every thread already running.
        add(0, [Int](repeating: -1, count: slots), at: position, in: text, to: &current)
      }
      if current.threads.isEmpty, matched != nil { break }
      threads: for (pc, captures) in current.threads {
        budget -= 1
        guard budget >= 0 else { throw .tooCostly }
        let accepts: Bool
        switch program[pc] {
        case .match:
          matched = captures
          // Threads after this one have lower priority: leftmost-first stops them here.
          break threads
        case .scalar(let expected, let fold):
          accepts =
            position < text.count
            && (text[position] == expected || (fold && Self.folds(text[position], expected)))
        case .set(let index):
          accepts = position < text.count && sets[index].contains(text[position])
        case .any(let newline):
          accepts = position < text.count && (newline || text[position] != "\n")
        default: accepts = false
        }
        if accepts { add(pc + 1, captures, at: position + 1, in: text, to: &next) }
      }
      guard position < text.count else { break }
      swap(&current, &next)
      next.clear()
      position += 1
    }
    return matched
  }

  /// Adds the thread at `pc` and every thread its jumps, splits, saves and assertions reach,
  /// in priority order, each instruction at most once per position.
  private func add(
    _ pc: Int, _ captures: [Int], at position: Int, in text: [Unicode.Scalar],
    to list: inout ThreadList
  ) {
    // An explicit stack: a program may hold 50,000 instructions in one chain of splits. It
    // lives in the list, so that adding a thread allocates nothing once the list has grown.
    var stack = list.takeStack()
    defer { list.returnStack(stack) }
    stack.append((pc, captures))
    while let (pc, captures) = stack.popLast() {
      guard list.visit(pc) else { continue }
      switch program[pc] {
      case .jump(let target): stack.append((target, captures))
      case .split(let first, let second):
        stack.append((second, captures))
        stack.append((first, captures))
      case .save(let slot):
        var saved = captures
        if slot < saved.count { saved[slot] = position }
        stack.append((pc + 1, saved))
      case .assertion(let assertion):
        if Self.holds(assertion, at: position, in: text) { stack.append((pc + 1, captures)) }
      default:
        list.threads.append((pc, captures))
      }
    }
  }

  private static func holds(
    _ assertion: RegexAssertion, at position: Int, in text: [Unicode.Scalar]
  )
    -> Bool
  {
    switch assertion {
    case .textStart: return position == 0
    case .textEnd: return position == text.count
    case .lineStart: return position == 0 || text[position - 1] == "\n"
    case .lineEnd: return position == text.count || text[position] == "\n"
    case .wordBoundary, .notWordBoundary:
      // RE2's \b is ASCII: Unicode letters are not word characters for it.
      let before = position > 0 && ScalarSet.word.contains(text[position - 1])
      let after = position < text.count && ScalarSet.word.contains(text[position])
      return (before != after) == (assertion == .wordBoundary)
    }
  }

  /// Simple case folding, as `(?i)` matches: K, k and the Kelvin sign are one letter.
  static func folds(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
    func single(_ mapping: String) -> Unicode.Scalar? {
      let scalars = mapping.unicodeScalars
      return scalars.count == 1 ? scalars.first : nil
    }
    let lowerA = single(a.properties.lowercaseMapping) ?? a
    let lowerB = single(b.properties.lowercaseMapping) ?? b
    if lowerA == lowerB { return true }
    let upperA = single(a.properties.uppercaseMapping) ?? a
    let upperB = single(b.properties.uppercaseMapping) ?? b
    return upperA == upperB
  }

  /// Every match, as Go's `FindAllStringSubmatchIndex(s, -1)` finds them: an empty match
  /// right after the previous match is skipped.
  func allMatches(in text: [Unicode.Scalar], budget: inout Int) throws(TerraformRegexError)
    -> [[Int]]
  {
    var matches: [[Int]] = []
    var position = 0
    var previousEnd = -1
    while position <= text.count,
      let match = try firstMatch(in: text, from: position, budget: &budget)
    {
      var accept = true
      if match[1] == position {
        accept = match[0] != previousEnd
        position += 1
      } else {
        position = match[1]
      }
      previousEnd = match[1]
      if accept { matches.append(match) }
    }
    return matches
  }

  /// The threads waiting at one text position, in priority order.
  private struct ThreadList {
    var threads: [(Int, [Int])] = []
    private var marks: [Int]
    private var generation = 1

    init(size: Int) {
      marks = [Int](repeating: 0, count: size)
    }

    private var stack: [(Int, [Int])] = []

    mutating func takeStack() -> [(Int, [Int])] {
      var taken: [(Int, [Int])] = []
      swap(&taken, &stack)
      return taken
    }

    mutating func returnStack(_ used: [(Int, [Int])]) {
      stack = used
      stack.removeAll(keepingCapacity: true)
    }

    /// False when `pc` was already reached at this position.
    mutating func visit(_ pc: Int) -> Bool {
      guard marks[pc] != generation else { return false }
      marks[pc] = generation
      return true
    }

    mutating func clear() {
      threads.removeAll(keepingCapacity: true)
      generation += 1
    }
  }
}
