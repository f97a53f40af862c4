// The engine hands its kernels raw pointers into arrays that are never empty: a network has at
// least one input and at least one layer of at least one unit (`Network.init(model:)` throws
// otherwise), so its parameters, inputs, outputs and scratch rows all hold elements, and the
// training and loss loops run only over data sets that are not empty. Only an empty buffer may
// have no address; reaching one here is a bug in the engine, not bad input.

extension UnsafeBufferPointer {
  /// The address of the first element of a buffer that holds elements.
  ///
  /// - Precondition: the buffer is not empty.
  @inlinable @inline(__always)
  var nonEmptyBaseAddress: UnsafePointer<Element> {
    guard let start = baseAddress else {
      preconditionFailure("the engine's buffers are never empty (see BufferAddresses.swift)")
    }
    return start
  }
}

extension UnsafeMutableBufferPointer {
  /// The address of the first element of a buffer that holds elements.
  ///
  /// - Precondition: the buffer is not empty.
  @inlinable @inline(__always)
  var nonEmptyBaseAddress: UnsafeMutablePointer<Element> {
    UnsafeMutablePointer(mutating: UnsafeBufferPointer(self).nonEmptyBaseAddress)
  }
}
