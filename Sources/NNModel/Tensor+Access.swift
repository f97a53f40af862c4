/// A tensor reads as a flat, row-major collection of its elements widened to `Double`
/// (exact for both element types): `tensor[i]`, `tensor.count`, `Array(tensor)`,
/// `tensor.max()`. A two-dimensional tensor (a layer's weights, `[units, inputs]`) is also
/// read by `tensor[row, column]`.
extension Tensor: RandomAccessCollection {
  /// Element positions run from 0 to the element count.
  public typealias Index = Int
  /// The positions of the elements.
  public typealias Indices = Range<Int>

  /// The first position: 0.
  public var startIndex: Int { 0 }
  /// The element count (the product of ``shape``).
  public var endIndex: Int { storage.count }

  /// The element at flat row-major `position`, widened to `Double`.
  ///
  /// - Precondition: `0 <= position < count`, as for an array.
  public subscript(position: Int) -> Double {
    switch storage {
    case .float32(let values): Double(values[position])
    case .float64(let values): values[position]
    }
  }

  /// The element at `row`, `column` of a two-dimensional tensor (`row * shape[1] + column`
  /// in the flat order): for a layer's weights, the weight from input `column` into neuron
  /// `row`.
  ///
  /// - Precondition: the tensor has two dimensions and the position lies inside them, as for
  ///   an array index.
  public subscript(row: Int, column: Int) -> Double {
    precondition(shape.count == 2, "tensor[row, column] needs two dimensions; shape is \(shape)")
    precondition(
      (0..<shape[0]).contains(row) && (0..<shape[1]).contains(column),
      "[\(row), \(column)] is outside shape \(shape)")
    return self[row * shape[1] + column]
  }
}

extension Tensor: CustomStringConvertible {
  /// How many elements ``description`` shows before it says how many more there are.
  static let elementsShown = 8

  /// A short summary: element type, shape and the first few elements, such as
  /// `Tensor(f64 [2, 2]: 0.5, -1.25, 3.0, 2.0)`.
  public var description: String {
    var shown = prefix(Self.elementsShown).map { "\($0)" }
    if count > Self.elementsShown { shown.append("… \(count - Self.elementsShown) more") }
    return "Tensor(\(scalarType.rawValue) \(shape): \(shown.joined(separator: ", ")))"
  }
}
