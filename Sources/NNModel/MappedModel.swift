#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A tensor inside a memory-mapped binary model file.
public struct MappedTensor: Sendable, Equatable {
  /// The extent of each dimension.
  public let shape: [Int]
  /// The element type.
  public let scalarType: ScalarType
  /// The index of the section holding the elements.
  public let section: Int
  /// The byte offset of the first element in the file (a multiple of 64).
  public let offset: Int
  /// The number of elements.
  public let count: Int
}

/// A layer of a memory-mapped model.
public struct MappedLayer: Sendable, Equatable {
  /// The activation function.
  public let activation: Activation
  /// The weights, shape `[units, inputs]`, row-major.
  public let weights: MappedTensor
  /// The biases, shape `[units]`.
  public let biases: MappedTensor
}

/// A binary model file mapped into memory: opening it reads only the header, the section
/// table and the META section, so its cost does not grow with the size of the weights (it
/// grows with the size of META, mostly the feature list: about 0.1 µs per feature when META
/// is in the writers' form, `docs/benchmarks.md` W5).
///
/// Opening checks the header checksum, the whole layout (bounds, alignment, padding), the META
/// section's checksum and content, the model rules, and that every tensor section has the
/// length its shape needs. It does **not** read the tensor sections: their CRC-32C checksums,
/// the finiteness of their elements, and the canonical form of META are checked only by
/// ``verify()`` (or by ``model()``, which verifies).
/// Until then, elements read through ``withElements(of:as:_:)`` may be damaged.
///
/// The elements are used in place: each tensor starts 64-byte aligned, and the file is
/// little-endian like the hosts this library supports. The mapping is private and read-only;
/// it lives as long as this object. Only the binary encoding can be mapped. As with any memory
/// mapping, another process truncating the file while it is mapped makes accesses fault
/// (`SIGBUS`); tools that cannot rule that out should use the eager ``ModelReader``.
public final class MappedModel: @unchecked Sendable {
  /// The file's path.
  public let path: FilePath
  /// The format version stamped in the file.
  public let version: FormatVersion
  /// The file's size in bytes.
  public let byteCount: Int
  /// The layers, with their tensors' places in the file.
  public let layers: [MappedLayer]
  private let skeleton: Model
  private let layout: BinaryLayout
  private let tensorDescriptions: [TensorDescription]
  private let base: UnsafeRawPointer
  private let mappedLength: Int

  /// Maps the binary model file at `file` and checks everything but the tensor sections.
  public init(contentsOf file: FilePath) throws(ModelFileError) {
    let path = file.string
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw .io(path: path, operation: "open", errno: errno) }
    var info = stat()
    if fstat(fd, &info) != 0 {
      let code = errno
      close(fd)
      throw .io(path: path, operation: "stat", errno: code)
    }
    let size = Int(info.st_size)
    if size == 0 {
      close(fd)
      throw .empty
    }
    let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
    let code = errno
    close(fd)
    guard let address, address != MAP_FAILED else {
      throw .io(path: path, operation: "mmap", errno: code)
    }
    let bytes = UnsafeRawBufferPointer(start: address, count: size)
    do {
      let layout = try BinaryLayout.parse(bytes)
      let (model, tensors) = try layout.decodeMeta(bytes, checkCanonical: false)
      try layout.checkTensorSections(tensors)
      try model.validate(elements: false)
      _ = try layout.extraSections(after: tensors.count, in: bytes, verify: false)
      try model.checkGateSection(present: layout.hasGateSection(after: tensors.count))
      try model.checkStamp(layout.version, offset: 10)
      var layers: [MappedLayer] = []
      for (k, layer) in model.layers.enumerated() {
        func mapped(_ t: TensorDescription) -> MappedTensor {
          let entry = layout.sections[t.section]
          return MappedTensor(
            shape: t.shape, scalarType: t.scalarType, section: t.section, offset: entry.offset,
            count: t.count)
        }
        layers.append(
          MappedLayer(
            activation: layer.activation, weights: mapped(tensors[2 * k]),
            biases: mapped(tensors[2 * k + 1])))
      }
      self.path = file
      self.version = layout.version
      self.byteCount = size
      self.layers = layers
      self.skeleton = model
      self.layout = layout
      self.tensorDescriptions = tensors
      self.base = UnsafeRawPointer(address)
      self.mappedLength = size
    } catch {
      munmap(address, size)
      throw error
    }
  }

  deinit {
    munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
  }

  private var bytes: UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: base, count: mappedLength)
  }

  /// The model's name.
  public var name: String? { skeleton.name }
  /// The model's free-form description.
  public var modelDescription: String? { skeleton.description }
  /// The inputs.
  public var features: [Feature] { skeleton.features }
  /// How to read the outputs.
  public var output: OutputSpec { skeleton.output }
  /// How the model was made.
  public var provenance: Provenance? { skeleton.provenance }
  /// Free-form metadata.
  public var metadata: [String: String] { skeleton.metadata }
  /// The element type of the parameters.
  public var scalarType: ScalarType { layers.first?.weights.scalarType ?? .float64 }
  /// The total number of weights and biases.
  public var parameterCount: Int { layers.reduce(0) { $0 + $1.weights.count + $1.biases.count } }

  /// Calls `body` with the raw little-endian bytes of `tensor`, in place in the mapping.
  public func withUnsafeBytes<R, E: Error>(
    of tensor: MappedTensor, _ body: (UnsafeRawBufferPointer) throws(E) -> R
  ) throws(E) -> R {
    try body(bytes.slice(tensor.offset, tensor.count * tensor.scalarType.byteWidth))
  }

  /// Calls `body` with the elements of `tensor` in place in the mapping (the buffer is valid
  /// only inside `body`). `type` must be `Float` for an f32 tensor and `Double` for an f64
  /// tensor (``MappedTensor/scalarType``).
  ///
  /// - Throws: ``ElementTypeError`` for any other `type`, before `body` runs.
  public func withElements<T: BinaryFloatingPoint, R>(
    of tensor: MappedTensor, as type: T.Type, _ body: (UnsafeBufferPointer<T>) -> R
  ) throws(ElementTypeError) -> R {
    let matches =
      switch tensor.scalarType {
      case .float32: T.self == Float.self
      case .float64: T.self == Double.self
      }
    guard matches else {
      throw ElementTypeError(stored: tensor.scalarType, requested: String(describing: T.self))
    }
    let pointer = base.advanced(by: tensor.offset).assumingMemoryBound(to: T.self)
    return body(UnsafeBufferPointer(start: pointer, count: tensor.count))
  }

  /// Checks what opening deferred: the CRC-32C of every tensor and extra section, that every
  /// element is finite, and that the META section is in canonical form.
  public func verify() throws(ModelFileError) {
    try layout.checkCanonical(skeleton, in: bytes)
    for tensor in tensorDescriptions {
      try verifyTensor(tensor, entry: layout.sections[tensor.section], in: bytes)
    }
    _ = try layout.extraSections(after: tensorDescriptions.count, in: bytes, verify: true)
  }

  /// The whole model, copied out of the mapping after verifying it (the same as an eager load).
  public func model() throws(ModelFileError) -> Model {
    try layout.checkCanonical(skeleton, in: bytes)
    var model = skeleton
    for (k, tensor) in tensorDescriptions.enumerated() {
      let storage = try readTensor(tensor, entry: layout.sections[tensor.section], from: bytes)
      if k % 2 == 0 {
        model.layers[k / 2].weights.storage = storage
      } else {
        model.layers[k / 2].biases.storage = storage
      }
    }
    model.extraSections = try layout.extraSections(
      after: tensorDescriptions.count, in: bytes, verify: true)
    try model.validate(elements: true, values: false)
    return model
  }
}
