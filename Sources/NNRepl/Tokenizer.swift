/// Splits what the user typed into words.
///
/// Words are separated by spaces, tabs and commas, so `128 63`, `128, 63` and `128,63` are the
/// same input; `name = value` with spaces around the `=` becomes the one word `name=value`; `=>`
/// is always a word of its own.
enum Tokenizer {
  static func words(_ text: Substring) -> [String] {
    var raw: [String] = []
    var current = ""
    var iterator = Array(text)
    var index = 0
    func flush() {
      if !current.isEmpty { raw.append(current) }
      current = ""
    }
    while index < iterator.count {
      let character = iterator[index]
      if character == "=" && index + 1 < iterator.count && iterator[index + 1] == ">" {
        flush()
        raw.append("=>")
        index += 2
        continue
      }
      if character == " " || character == "\t" || character == "," || character == "\r" {
        flush()
      } else {
        current.append(character)
      }
      index += 1
    }
    flush()
    iterator.removeAll()
    // Glue `name = value`, `name= value` and `name =value` into `name=value`. Never glue a
    // word that starts with `>` after an `=`: that would spell `=>`, which typed again is the
    // target arrow, so `a = >b` would parse differently from its own words (found by FuzzReplLine).
    var words: [String] = []
    var glueNext = false
    for word in raw {
      if word == "=>" {
        words.append(word)
        glueNext = false
      } else if (glueNext && !word.hasPrefix(">"))
        || (word.hasPrefix("=") && !words.isEmpty && words.last != "=>")
      {
        words[words.count - 1] += word
        glueNext = word.hasSuffix("=")
      } else {
        words.append(word)
        glueNext = word.hasSuffix("=")
      }
    }
    return words
  }
}
