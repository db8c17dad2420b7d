public import Foundation

/// Checks of HTML pages: validity with Python's html5lib (Debian's python3-html5lib), network
/// references, and screenshots with headless Chromium.
public enum HTMLCheck {
  /// The Python that has html5lib: Debian's, when a pyenv or venv python3 comes first on PATH.
  ///
  /// Asked once: asked per page, a probe that failed under the load of the whole suite fell
  /// back to a python3 without html5lib.
  static let python: String = {
    for candidate in ["/usr/bin/python3", "python3"] {
      if let result = try? Shell.run([candidate, "-c", "import html5lib"]), result.status == 0 {
        return candidate
      }
    }
    return FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
      ? "/usr/bin/python3" : "python3"
  }()

  /// Parses `html` with html5lib's strict parser (any parse error fails) and checks that ids
  /// are unique and that every `#fragment` link and `aria-labelledby` names one; status 0
  /// means valid, otherwise stdout names the problems.
  public static func validate(_ html: String) throws -> Shell.Result {
    let script = """
      import sys, html5lib
      text = sys.stdin.buffer.read()
      parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
      try:
          tree = parser.parse(text)
      except Exception as error:
          print("parse error:", error, parser.errors[:3])
          sys.exit(1)
      ids, problems = set(), []
      for element in tree.iter():
          key = element.get("id")
          if key is not None:
              if key in ids: problems.append("duplicate id " + key)
              ids.add(key)
      for element in tree.iter():
          href = element.get("href") or ""
          if href.startswith("#") and href[1:] not in ids: problems.append("dangling " + href)
          for key in (element.get("aria-labelledby") or "").split():
              if key not in ids: problems.append("dangling aria-labelledby " + key)
      if tree.find(".//title") is None: problems.append("no title")
      print("\\n".join(problems))
      sys.exit(1 if problems else 0)
      """
    return try Shell.run([python, "-c", script], stdin: html)
  }

  /// What in `html` a browser could fetch; empty when the page fetches nothing.
  ///
  /// Every http(s) or protocol-relative URL outside text (attributes, style sheets),
  /// `url(...)` other than `#fragment`, `@import`, and the elements that load things (script,
  /// link, img, iframe, object, embed, source, base).
  public static func networkReferences(_ html: String) throws -> [String] {
    let script = """
      import re, sys, html5lib
      tree = html5lib.parse(sys.stdin.buffer.read(), namespaceHTMLElements=False)
      found = []
      url = re.compile(r"(https?:)?//", re.I)
      loaders = {"script", "link", "img", "iframe", "object", "embed", "source", "base",
                 "audio", "video", "image", "use", "form", "frame"}
      def tag(element):
          return element.tag.split("}")[-1].lower() if isinstance(element.tag, str) else ""
      def styles(text, where):
          for target in re.findall(r"url\\(\\s*['\\"]?([^'\\")]*)", text, re.I):
              if not target.startswith("#"): found.append(where + ": url(" + target + ")")
          if "@import" in text: found.append(where + ": @import")
      for element in tree.iter():
          name = tag(element)
          if name in loaders: found.append("element <" + name + ">")
          for key, value in element.attrib.items():
              if url.search(value): found.append("attribute " + str(key) + "=" + value)
              if str(key).lower() == "style": styles(value, "style attribute")
          if name == "style": styles(element.text or "", "<style>")
          if name == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
              found.append("meta refresh")
      print("\\n".join(found))
      """
    let result = try Shell.run([python, "-c", script], stdin: html)
    guard result.status == 0 else {
      throw Shell.Failure(arguments: ["python3", "html5lib"], result: result)
    }
    return result.stdout.split(separator: "\n").map(String.init)
  }

  /// Headless Chromium, when installed: Debian's chromium-headless-shell or chromium.
  public static var chromium: String? {
    for candidate in [
      "/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser",
    ] where FileManager.default.isExecutableFile(atPath: candidate) {
      return candidate
    }
    return nil
  }

  /// The pixels of a screenshot that are not page background, and where they lie.
  public struct Ink: Sendable, CustomStringConvertible {
    /// Pixels that differ from white.
    public var pixels: Int
    /// Pixels that are neither white nor grey (colour: bands, diff cells).
    public var coloured: Int
    /// The bounding box of the non-white pixels: x, y, width, height.
    public var box: [Int]

    public var description: String { "\(pixels) px inked (\(coloured) coloured) in \(box)" }
  }

  /// Renders `html` with headless Chromium at `width` × `height` into `png`, and measures the
  /// ink of the whole page, or, with `only`, of just the elements that CSS selector matches:
  /// everything else is made invisible (keeping its place), so what is drawn is theirs.
  public static func screenshot(
    _ html: String, only selector: String? = nil, to png: URL, width: Int = 1280,
    height: Int = 3000
  ) throws -> Ink {
    guard let chromium else {
      throw Shell.Failure(
        arguments: ["chromium"], result: .init(status: 127, stdout: "", stderr: "no chromium"))
    }
    var page = html
    if let selector {
      let isolate =
        "<style>body * { visibility: hidden !important; } \(selector), \(selector) * "
        + "{ visibility: visible !important; }</style>\n</head>"
      page = html.replacingOccurrences(of: "</head>", with: isolate)
    }
    let folder = png.deletingLastPathComponent()
    let file = folder.appendingPathComponent(
      png.deletingPathExtension().lastPathComponent + ".html")
    try Data(page.utf8).write(to: file)
    let result = try Shell.run([
      chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
      "--no-first-run", "--disable-background-networking", "--force-device-scale-factor=1",
      "--screenshot=\(png.path)", "--window-size=\(width),\(height)", file.absoluteString,
    ])
    guard FileManager.default.fileExists(atPath: png.path) else {
      throw Shell.Failure(arguments: [chromium, "--screenshot"], result: result)
    }
    return try ink(of: png)
  }

  /// Counts the ink of a screenshot: pixels that are not white, those in colour, and their
  /// bounding box.
  static func ink(of png: URL) throws -> Ink {
    let image = try PNGImage(Array(try Data(contentsOf: png)))
    var (pixels, coloured) = (0, 0)
    var (left, top, right, bottom) = (image.width, image.height, -1, -1)
    for y in 0..<image.height {
      for x in 0..<image.width {
        let (r, g, b) = image.rgb(x, y)
        guard r < 250 || g < 250 || b < 250 else { continue }
        pixels += 1
        if max(r, g, b) - min(r, g, b) > 24 { coloured += 1 }
        (left, right) = (min(left, x), max(right, x))
        (top, bottom) = (min(top, y), max(bottom, y))
      }
    }
    return Ink(
      pixels: pixels, coloured: coloured, box: [left, top, right - left + 1, bottom - top + 1])
  }
}
