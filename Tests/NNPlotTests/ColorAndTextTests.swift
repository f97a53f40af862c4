import Testing

@testable import NNPlot

@Suite struct ColorMapTests {
  @Test func hexIsLowerCaseSixDigits() {
    #expect(RGB(hex: 0x0571B0).hex == "#0571b0")
    #expect(RGB(0, 0, 0).hex == "#000000")
  }

  @Test func divergingMapIsOrangeForNegativeWhiteForZeroBlueForPositive() {
    let map = ColorMap.diverging
    let negative = map.signed(-1)
    let zero = map.signed(0)
    let positive = map.signed(1)
    #expect(negative.red > negative.blue)
    #expect(positive.blue > positive.red)
    #expect(zero == RGB(hex: 0xF7F7F7))
    // Clamped outside [−1, 1]; NaN is the first stop, not a crash.
    #expect(map.signed(-5) == negative)
    #expect(map.signed(7) == positive)
    #expect(map.color(at: .nan) == negative)
  }

  @Test func divergingEndsDifferInLightnessToo() {
    // Colour-blind readers still see the ends apart when hue fails: luminance differs.
    let ends = (ColorMap.diverging.signed(-1).luminance, ColorMap.diverging.signed(1).luminance)
    #expect(abs(ends.0 - ends.1) > 0.05)
  }

  @Test func sequentialMapGetsLighterMonotonically() {
    var previous = -1.0
    for step in 0...20 {
      let luminance = ColorMap.sequential.color(at: Double(step) / 20).luminance
      #expect(luminance > previous)
      previous = luminance
    }
  }

  @Test func mixingInterpolatesChannels() {
    let mixed = RGB(0, 100, 200).mixed(with: RGB(100, 200, 0), 0.5)
    #expect(mixed == RGB(50, 150, 100))
  }

  @Test func classColorsAreTheDivergingEndsForTwoClasses() {
    #expect(ColorMap.classColor(0, of: 2) == PlotPalette.negative)
    #expect(ColorMap.classColor(1, of: 2) == PlotPalette.positive)
    #expect(ColorMap.classColor(8, of: 9) == ColorMap.classColor(0, of: 9))
  }

  @Test func textColorContrastsWithTheFill() {
    #expect(RGB(255, 255, 255).textColor == RGB(0x22, 0x22, 0x22))
    #expect(RGB(hex: 0x0571B0).textColor == RGB(255, 255, 255))
  }

  @Test func palette256PicksTheNearestCubeColour() {
    #expect(TerminalPicture.palette256Index(RGB(0, 0, 0)) == 16)
    #expect(TerminalPicture.palette256Index(RGB(255, 255, 255)) == 231)
    #expect(TerminalPicture.palette256Index(RGB(255, 0, 0)) == 196)
  }
}

@Suite struct XMLTextTests {
  @Test func markupCharactersBecomeEntities() {
    #expect(XMLText.escaped("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
  }

  @Test func charactersXMLForbidsBecomeReplacementCharacters() {
    #expect(XMLText.escaped("a\u{0}b\u{1B}c\u{FFFF}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
    #expect(XMLText.escaped("tab\tline\n") == "tab\tline\n")
    #expect(XMLText.escaped("größe µm ✓") == "größe µm ✓")
  }

  @Test func truncationAddsAnEllipsis() {
    #expect(XMLText.truncated("abcdefgh", to: 5) == "abcd…")
    #expect(XMLText.truncated("abc", to: 5) == "abc")
  }

  @Test func svgTextAndTitleAreEscaped() {
    var svg = SVGDocument(width: 10, height: 10, title: "</title><script>")
    svg.text("<b>&", x: 1, y: 2)
    let text = svg.render()
    #expect(text.contains("<title>&lt;/title&gt;&lt;script&gt;</title>"))
    #expect(text.contains(">&lt;b&gt;&amp;</text>"))
    #expect(!text.contains("<script>"))
  }

  @Test func standaloneSVGHasTheNamespaceInlineDoesNot() {
    let svg = SVGDocument(width: 10.5, height: 20, title: "t")
    #expect(svg.render().hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10.5\""))
    #expect(!svg.render(standalone: false).contains("xmlns"))
  }
}
