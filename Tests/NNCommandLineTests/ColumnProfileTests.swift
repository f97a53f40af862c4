import Testing

@testable import NNCommandLine

@Suite struct ColumnProfileTests {
  @Test func missingMarkers() {
    for cell in ["", " ", "\t", "NA", "na", "Na", " NaN ", "nan", "NAN"] {
      #expect(ColumnProfile.isMissing(cell), "\(cell)")
    }
    for cell in ["0", "N/A", "nab", "nana", "n", "none", "Ñ", "1e5"] {
      #expect(!ColumnProfile.isMissing(cell), "\(cell)")
    }
  }

  @Test func columnsAreTextWhenMostCellsAre() throws {
    let table = try CSVTable(
      bytes: Array("name,w,y\nAnn,1,a\n007,NA,b\nBob,abc,c\nCy,4,\n".utf8), source: "t.csv")
    let names = ColumnProfile(table: table, column: 0)
    #expect(names.isText && names.numbers == 1 && names.text == 3 && names.firstText == 0)
    let weights = ColumnProfile(table: table, column: 1)
    #expect(!weights.isText && weights.missing == 1 && weights.firstMissing == 1)
    #expect(weights.firstText == 2)
    #expect(ColumnProfile(table: table, column: 2).missing == 1)
  }
}
