import Testing

@testable import NNPlot

@Suite struct PlotNumberTests {
  @Test func fixedRoundsHalvesAwayFromZeroAndPadsDecimals() {
    #expect(PlotNumber.fixed(2.5, decimals: 2) == "2.50")
    #expect(PlotNumber.fixed(0.125, decimals: 2) == "0.13")
    #expect(PlotNumber.fixed(-0.125, decimals: 2) == "-0.13")
    #expect(PlotNumber.fixed(1234.5, decimals: 0) == "1235")
    #expect(PlotNumber.fixed(0.30000000000000004, decimals: 1) == "0.3")
    #expect(PlotNumber.fixed(0.05, decimals: 3) == "0.050")
  }

  @Test func fixedWritesNegativeZeroAndTinyNegativesAsZero() {
    #expect(PlotNumber.fixed(-0.0, decimals: 2) == "0.00")
    #expect(PlotNumber.fixed(-0.001, decimals: 2) == "0.00")
  }

  @Test func fixedHandlesNonFiniteAndHugeValues() {
    #expect(PlotNumber.fixed(.nan, decimals: 2) == "nan")
    #expect(PlotNumber.fixed(.infinity, decimals: 2) == "inf")
    #expect(PlotNumber.fixed(-.infinity, decimals: 2) == "-inf")
    #expect(PlotNumber.fixed(1e17, decimals: 2) == "100000000000000000")
    #expect(PlotNumber.fixed(-3e16, decimals: 1) == "-30000000000000000")
  }

  @Test func compactDropsTrailingZeros() {
    #expect(PlotNumber.compact(12.5) == "12.5")
    #expect(PlotNumber.compact(3.0) == "3")
    #expect(PlotNumber.compact(0.004) == "0")
    #expect(PlotNumber.compact(-0.004) == "0")
    #expect(PlotNumber.compact(0.25) == "0.25")
    #expect(PlotNumber.compact(100) == "100")
  }

  @Test func shortKeepsSignificantDigitsAndSwitchesToExponents() {
    #expect(PlotNumber.short(0.038_95) == "0.039")
    #expect(PlotNumber.short(0.968_2, significantDigits: 2) == "0.97")
    #expect(PlotNumber.short(128) == "128")
    #expect(PlotNumber.short(9.996) == "10")
    #expect(PlotNumber.short(0.001_47, significantDigits: 3) == "0.00147")
    #expect(PlotNumber.short(1_234_567) == "1.23e6")
    #expect(PlotNumber.short(0.000_012_3, significantDigits: 2) == "1.2e-5")
    #expect(PlotNumber.short(-2.955_28) == "-2.96")
    #expect(PlotNumber.short(0) == "0")
  }

  @Test func decimalExponentIsExactAtPowersOfTen() {
    for exponent in -12...12 {
      #expect(PlotNumber.decimalExponent(PlotNumber.power10(exponent)) == exponent)
      #expect(PlotNumber.decimalExponent(PlotNumber.power10(exponent) * 0.999) == exponent - 1)
    }
  }
}

@Suite struct TickTests {
  @Test func stepsAreOneTwoOrFiveTimesAPowerOfTen() {
    #expect(NiceTicks.step(low: 0, high: 1, count: 5) == 0.2)
    #expect(NiceTicks.step(low: 0, high: 1000, count: 5) == 200)
    #expect(NiceTicks.step(low: 116, high: 164, count: 5) == 10)
    #expect(NiceTicks.step(low: 0, high: 0.37, count: 6) == 0.1)
    #expect(NiceTicks.step(low: 0, high: 7, count: 5) == 2)
    #expect(NiceTicks.step(low: 5, high: 5, count: 5) == 1)
  }

  @Test func ticksAreMultiplesOfTheStepInsideTheRangeWithCleanLabels() {
    let ticks = NiceTicks.ticks(low: -0.1, high: 1.1, step: 0.5)
    #expect(ticks.map(\.label) == ["0.0", "0.5", "1.0"])
    let tenths = NiceTicks.ticks(low: 0, high: 0.3, step: 0.1)
    #expect(tenths.map(\.label) == ["0.0", "0.1", "0.2", "0.3"])
    #expect(
      NiceTicks.ticks(low: 116.2, high: 163.8, step: 10).map(\.label) == [
        "120", "130", "140", "150", "160",
      ])
  }

  @Test func tooManyTicksGiveNoneInsteadOfAHugeArray() {
    #expect(NiceTicks.ticks(low: 0, high: 1e9, step: 1).isEmpty)
  }
}

@Suite struct ScaleTests {
  @Test func linearScaleMapsTheDomainOntoTheRangeAndBack() {
    let scale = LinearScale(low: 0, high: 10, start: 100, end: 0, nice: false)
    #expect(scale.position(0) == 100)
    #expect(scale.position(10) == 0)
    #expect(scale.position(2.5) == 75)
    #expect(scale.value(at: 75) == 2.5)
  }

  @Test func niceLinearScaleWidensToTickMultiples() {
    let scale = LinearScale(low: 0.03, high: 0.91, start: 0, end: 1, tickCount: 5)
    #expect(scale.low == 0)
    #expect(scale.high == 1)
  }

  @Test func zeroWidthDomainIsWidened() {
    let scale = LinearScale(low: 3, high: 3, start: 0, end: 100, nice: false)
    #expect(scale.low == 2)
    #expect(scale.high == 4)
    #expect(scale.position(3) == 50)
  }

  @Test func logScaleSpansWholeDecadesWithTicksAtPowersOfTen() {
    let scale = LogScale(low: 0.0015, high: 0.4, start: 300, end: 0)
    #expect(scale.lowExponent == -3)
    #expect(scale.highExponent == 0)
    #expect(scale.position(0.001) == 300)
    #expect(scale.position(1) == 0)
    #expect(abs(scale.position(0.01) - 200) < 1e-9)
    #expect(abs(scale.position(0.1) - 100) < 1e-9)
    #expect(scale.ticks.map(\.label) == ["0.001", "0.01", "0.1", "1"])
  }

  @Test func logScaleAddsTwoAndFiveWithinFewDecades() {
    let scale = LogScale(low: 0.2, high: 0.9, start: 100, end: 0)
    #expect(scale.ticks.map(\.label) == ["0.1", "0.2", "0.5", "1"])
  }

  @Test func logOfMantissaMatchesKnownValues() {
    #expect(abs(LogScale.log10(2) - 0.301_029_995_663_981_2) < 1e-12)
    #expect(abs(LogScale.log10(9.99) - 0.999_565_488_225_982_2) < 1e-9)
  }
}
