extension String {
    /// Word-wraps this text to lines of at most `width` cells. Breaks at spaces; a word longer
    /// than a line is broken between graphemes; wide (CJK) graphemes may break anywhere.
    /// `\n` starts a new line. The text is not sanitised here (drawing does that).
    public func wrapped(toWidth width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in self.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(contentsOf: Self.wrapParagraph(Substring(paragraph), width: width))
        }
        return lines
    }

    private static func wrapParagraph(_ text: Substring, width: Int) -> [String] {
        // Tokens: a run of spaces, a run of narrow non-space graphemes (a word), or one wide grapheme.
        var tokens: [(text: String, width: Int, isSpace: Bool)] = []
        var current = ""
        var currentWidth = 0
        func flush() {
            if !current.isEmpty { tokens.append((current, currentWidth, false)) }
            current = ""
            currentWidth = 0
        }
        for ch in text {
            let w = ch.displayWidth
            if ch == " " || ch == "\t" {
                flush()
                if let last = tokens.last, last.isSpace {
                    tokens[tokens.count - 1] = (last.text + " ", last.width + 1, true)
                } else {
                    tokens.append((" ", 1, true))
                }
            } else if w == 2 {
                flush()
                tokens.append((String(ch), 2, false))
            } else {
                current.append(ch)
                currentWidth += w
            }
        }
        flush()

        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        func endLine() {
            while line.hasSuffix(" ") {
                line.removeLast()
                lineWidth -= 1
            }
            lines.append(line)
            line = ""
            lineWidth = 0
        }
        for token in tokens {
            if token.isSpace {
                if lineWidth == 0 && !lines.isEmpty { continue } // no leading spaces after a wrap
                if lineWidth + token.width <= width {
                    line += token.text
                    lineWidth += token.width
                } else {
                    endLine()
                }
                continue
            }
            if lineWidth + token.width <= width {
                line += token.text
                lineWidth += token.width
                continue
            }
            if token.width <= width {
                endLine()
                line = token.text
                lineWidth = token.width
                continue
            }
            // A word longer than a whole line: break it between graphemes.
            for ch in token.text {
                let w = ch.displayWidth
                if lineWidth + w > width { endLine() }
                line.append(ch)
                lineWidth += w
            }
        }
        if !line.isEmpty || lines.isEmpty { endLine() }
        return lines
    }
}
