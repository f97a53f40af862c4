import NNModel

/// A dense layer found in a graph, before the model is assembled.
struct GraphLayer {
  var weights: TensorStorage  // [out, in], row-major
  var biases: TensorStorage?
  var inputs: Int
  var units: Int
  var activation: Activation?
  var node: ONNXNode
}

/// One per-feature affine step before the first layer, or one per-output step after the last
/// (output normalization): `x − c`, `x + c`, `x · c` or `x / c`.
struct NormalizationStep {
  enum Kind { case sub, add, mul, div }
  var kind: Kind
  var values: [Double]
  var node: ONNXNode
}

/// Reads the MLP graphs that PyTorch's exporter, tf2onnx and skl2onnx write.
struct ONNXGraphImporter {
  let bytes: UnsafeRawBufferPointer
  let document: ONNXDocument
  var constants: [String: ONNXTensor] = [:]
  var notes: [String] = []

  init(bytes: UnsafeRawBufferPointer) throws(InteropError) {
    self.bytes = bytes
    document = try ONNXDocument(bytes)
    for tensor in document.initializers { constants[tensor.name] = tensor }
  }

  static let supportedOps =
    "Gemm, MatMul, Add, Sub, Mul, Div, Sigmoid, Tanh, Relu, LeakyRelu, Softmax, Identity, Flatten, "
    + "Reshape, Cast"

  // MARK: Which values and nodes

  /// The one graph input that is not an initializer.
  func graphInput() throws(InteropError) -> ONNXValueInfo {
    let inputs = document.inputs.filter { constants[$0.name] == nil }
    guard inputs.count == 1 else {
      throw InteropError(
        "unsupported-graph", .file,
        "the graph has \(inputs.count) inputs; a feed-forward network has one ([N, features])")
    }
    let input = inputs[0]
    if let type = input.elementType, type != ONNXDataType.float && type != ONNXDataType.double {
      throw InteropError(
        "unsupported-graph", .value(input.name),
        "input of type \(ONNXDataType.name(type)); FLOAT or DOUBLE expected")
    }
    if let shape = input.shape, shape.count != 2 {
      throw InteropError(
        "unsupported-graph", .value(input.name),
        "input of rank \(shape.count); a feed-forward network takes [N, features]")
    }
    return input
  }

  /// The output to import: the only floating-point tensor output, or the one named
  /// `probabilities` (skl2onnx's classifiers also output a label).
  func graphOutput() throws(InteropError) -> ONNXValueInfo {
    let candidates = document.outputs.filter {
      $0.isTensor
        && ($0.elementType == nil || $0.elementType == ONNXDataType.float
          || $0.elementType == ONNXDataType.double)
    }
    if let chosen = candidates.first(where: { $0.name == "probabilities" }) ?? candidates.first {
      return chosen
    }
    throw InteropError(
      "unsupported-graph", .file,
      "no graph output is a FLOAT or DOUBLE tensor (for skl2onnx classifiers, convert with "
        + "options={'zipmap': False})")
  }

  /// The nodes the output depends on, producers before consumers; refuses cycles.
  func orderedNodes(for output: String) throws(InteropError) -> [ONNXNode] {
    var producer: [String: Int] = [:]
    for node in document.nodes {
      for name in node.outputs where !name.isEmpty {
        if producer[name] != nil || constants[name] != nil {
          throw InteropError(
            "unsupported-graph", node.place, "value '\(escapedForTerminal(name))' is produced twice"
          )
        }
        producer[name] = node.index
      }
    }
    // Iterative depth-first search: 0 unvisited, 1 on the stack, 2 done.
    var state = [UInt8](repeating: 0, count: document.nodes.count)
    var order: [ONNXNode] = []
    guard let root = producer[output] else { return [] }
    var stack: [(node: Int, next: Int)] = [(root, 0)]
    state[root] = 1
    while let (index, next) = stack.last {
      let node = document.nodes[index]
      if next < node.inputs.count {
        stack[stack.count - 1].next += 1
        guard let source = producer[node.inputs[next]] else { continue }
        switch state[source] {
        case 0:
          state[source] = 1
          stack.append((source, 0))
        case 1:
          throw InteropError(
            "graph-cycle", node.place,
            "the graph has a cycle through value '\(escapedForTerminal(node.inputs[next]))'")
        default: break
        }
      } else {
        state[index] = 2
        order.append(node)
        stack.removeLast()
      }
    }
    return order
  }

  // MARK: The chain

  func refuse(_ node: ONNXNode, _ why: String) -> InteropError {
    InteropError("unsupported-op", node.place, why)
  }

  func constant(_ name: String) -> ONNXTensor? { constants[name] }

  func floats(_ tensor: ONNXTensor) throws(InteropError) -> [Double] {
    try tensor.storage(in: bytes).doubles
  }

  func intAttribute(_ node: ONNXNode, _ name: String, default value: Int64) throws(InteropError)
    -> Int64
  {
    guard let attribute = node.attribute(name) else { return value }
    guard let i = attribute.i, !attribute.isReference else {
      throw refuse(node, "attribute \(name) is not an integer")
    }
    return i
  }

  func floatAttribute(_ node: ONNXNode, _ name: String, default value: Float) throws(InteropError)
    -> Float
  {
    guard let attribute = node.attribute(name) else { return value }
    guard let f = attribute.f, !attribute.isReference else {
      throw refuse(node, "attribute \(name) is not a float")
    }
    return f
  }

  /// Imports the graph.
  mutating func importModel(options: ImportOptions) throws(InteropError) -> ImportedModel {
    let input = try graphInput()
    let output = try graphOutput()
    let nodes = try orderedNodes(for: output.name)
    if nodes.count < document.nodes.count {
      notes.append(
        "ignored \(document.nodes.count - nodes.count) node(s) that compute other outputs "
          + "than '\(escapedForTerminal(output.name))'")
    }
    let defaultOpset = document.opsets.first { $0.domain == "" || $0.domain == "ai.onnx" }?.version
    var current = input.name
    var layers: [GraphLayer] = []
    var steps: [NormalizationStep] = []
    /// Per-output constants after the last layer (output normalization); nothing but no-op
    /// nodes and more of them may follow.
    var outputSteps: [NormalizationStep] = []
    var widthChecks: [(node: ONNXNode, width: Int64, after: Int)] = []
    /// Whether the last layer may still take a bias (MatMul without Add yet).
    var biasOpen = false
    /// After `Mul(z, 0.01)`: z and the product, waiting for their Max.
    var pendingLeaky: (input: String, scaled: String)?

    for node in nodes {
      guard node.domain.isEmpty || node.domain == "ai.onnx" else {
        throw refuse(
          node,
          "operator of domain '\(escapedForTerminal(node.domain))'; only dense feed-forward networks can be imported"
        )
      }
      if node.opType == "Constant" {
        guard node.inputs.isEmpty, node.outputs.count == 1, let tensor = node.attribute("value")?.t
        else { throw refuse(node, "only Constant nodes with a tensor value are supported") }
        constants[node.outputs[0]] = tensor
        continue
      }
      let valueInputs = node.inputs.filter { !$0.isEmpty && constants[$0] == nil }
      // max(z, c·z) with c = 0.01: nnkit's f64 leaky ReLU.
      if node.opType == "Max", outputSteps.isEmpty, let leaky = pendingLeaky,
        node.outputs.count == 1,
        valueInputs.count == 2, Set(valueInputs) == [leaky.input, leaky.scaled]
      {
        layers[layers.count - 1].activation = .leakyReLU
        pendingLeaky = nil
        current = node.outputs[0]
        continue
      }
      if pendingLeaky != nil {
        throw refuse(node, "expected the Max of max(z, 0.01·z) (leaky ReLU)")
      }
      guard valueInputs == [current] else {
        throw refuse(
          node,
          valueInputs.count > 1
            ? "the graph branches; only a chain of layers can be imported"
            : "does not take the previous layer's output; only a chain of layers can be imported")
      }
      guard node.outputs.count >= 1, !node.outputs[0].isEmpty else {
        throw refuse(node, "has no output")
      }
      let isFirstOperand = node.inputs.first == current
      let otherOperand = node.inputs.first { $0 != current && !$0.isEmpty }
      switch node.opType {
      case "Identity", "Dropout":
        if node.opType == "Dropout" && node.outputs.count > 1 && !node.outputs[1].isEmpty {
          throw refuse(node, "Dropout with a mask output")
        }
      case "Cast":
        let to = try intAttribute(node, "to", default: 0)
        guard to == ONNXDataType.float || to == ONNXDataType.double else {
          throw refuse(node, "Cast to \(ONNXDataType.name(to)) changes values")
        }
      case "Flatten":
        guard try intAttribute(node, "axis", default: 1) == 1 else {
          throw refuse(node, "Flatten with axis other than 1 changes the shape of [N, features]")
        }
      case "Reshape":
        guard let shapeName = otherOperand, let shape = constant(shapeName), isFirstOperand else {
          throw refuse(node, "Reshape needs a constant shape")
        }
        let target = try shape.integerValues(in: bytes)
        guard target.count == 2, target[0] == -1 || target[0] == 0,
          target[1] > 0 || target[1] == -1,
          !(target[0] == -1 && target[1] == -1)
        else {
          throw refuse(node, "Reshape to \(target) is not a no-op on [N, features]")
        }
        if target[1] > 0 { widthChecks.append((node, target[1], layers.count)) }
      case "Sub", "Add", "Mul", "Div":
        guard let name = otherOperand, let tensor = constant(name) else {
          throw refuse(node, "\(node.opType) needs a constant operand")
        }
        let values = try floats(tensor)
        if node.opType == "Mul", pendingLeaky == nil, outputSteps.isEmpty, let last = layers.last,
          last.activation == nil, values.count == 1, isMaxOperand(node.outputs[0], with: current),
          values[0]
            == Tensor(
              shape: [1], values: [Activation.leakyReLUSlope], scalarType: last.weights.scalarType
            ).doubles[0]
        {
          // The first half of max(z, 0.01·z); the chain goes on from z.
          pendingLeaky = (current, node.outputs[0])
          biasOpen = false
          continue
        }
        if node.opType == "Add" && biasOpen && outputSteps.isEmpty, let last = layers.last {
          guard tensor.dims.last.map({ Int($0) }) == last.units || values.count == 1,
            values.count == last.units || values.count == 1
          else {
            throw refuse(node, "bias of shape \(tensor.dims) for a layer of \(last.units) units")
          }
          let bias = values.count == 1 ? Array(repeating: values[0], count: last.units) : values
          layers[layers.count - 1].biases =
            Tensor(
              shape: [last.units], values: bias, scalarType: last.weights.scalarType
            ).storage
          if tensor.dataType
            != (last.weights.scalarType == .float32 ? ONNXDataType.float : ONNXDataType.double)
          {
            throw refuse(
              node, "bias of type \(ONNXDataType.name(tensor.dataType)) for weights of another type"
            )
          }
          biasOpen = false
        } else if layers.isEmpty {
          guard tensor.dims.count <= 2, tensor.dims.count < 2 || tensor.dims[0] == 1 else {
            throw refuse(node, "constant of shape \(tensor.dims) is not per-feature")
          }
          if (node.opType == "Sub" || node.opType == "Div") && !isFirstOperand {
            throw refuse(node, "the constant must be the second operand of \(node.opType)")
          }
          steps.append(
            NormalizationStep(kind: NormalizationStep.Kind(node.opType), values: values, node: node)
          )
        } else {
          // After the last layer (so far): the output normalization, y′ · scale + shift.
          guard tensor.dims.count <= 2, tensor.dims.count < 2 || tensor.dims[0] == 1 else {
            throw refuse(node, "constant of shape \(tensor.dims) is not per-output")
          }
          if (node.opType == "Sub" || node.opType == "Div") && !isFirstOperand {
            throw refuse(node, "the constant must be the second operand of \(node.opType)")
          }
          if layers[layers.count - 1].activation == nil {
            layers[layers.count - 1].activation = .identity
          }
          biasOpen = false
          outputSteps.append(
            NormalizationStep(kind: NormalizationStep.Kind(node.opType), values: values, node: node)
          )
        }
      case "MatMul", "Gemm":
        if let step = outputSteps.first { throw refuseAfterOutputSteps(node, step.node) }
        guard let weightName = otherOperand, let weightTensor = constant(weightName), isFirstOperand
        else {
          throw refuse(node, "\(node.opType) needs the layer input first and constant weights")
        }
        guard weightTensor.dims.count == 2 else {
          throw refuse(
            node, "weights of rank \(weightTensor.dims.count); [in, out] or [out, in] expected")
        }
        var transposed = node.opType == "MatMul"
        var alpha: Float = 1
        var beta: Float = 1
        var bias: ONNXTensor?
        if node.opType == "Gemm" {
          guard try intAttribute(node, "transA", default: 0) == 0 else {
            throw refuse(node, "Gemm with transA=1 does not take [N, features]")
          }
          let transB = try intAttribute(node, "transB", default: 0)
          guard transB == 0 || transB == 1 else { throw refuse(node, "transB must be 0 or 1") }
          transposed = transB == 0
          alpha = try floatAttribute(node, "alpha", default: 1)
          beta = try floatAttribute(node, "beta", default: 1)
          if node.inputs.count > 2 && !node.inputs[2].isEmpty {
            guard let tensor = constant(node.inputs[2]) else {
              throw refuse(node, "Gemm needs a constant bias")
            }
            bias = tensor
          }
        }
        if let last = layers.last, last.activation == nil {
          layers[layers.count - 1].activation = .identity
        }
        guard weightTensor.dims.allSatisfy({ $0 >= 1 && $0 <= Int64(NNMFormat.maxUnits) }) else {
          throw refuse(
            node,
            "weights of shape \(weightTensor.dims); each dimension must be 1 to \(NNMFormat.maxUnits)"
          )
        }
        let raw = try weightTensor.storage(in: bytes)
        let rows = Int(weightTensor.dims[0])
        let columns = Int(weightTensor.dims[1])
        let (units, inputs) = transposed ? (columns, rows) : (rows, columns)
        var weights = transposed ? transpose(raw, rows: rows, columns: columns) : raw
        if alpha != 1 {
          weights = scaled(weights, by: Double(alpha))
          notes.append("node \(node.index): weights multiplied by Gemm's alpha \(alpha)")
        }
        if let previous = layers.last, previous.units != inputs {
          throw refuse(
            node, "takes \(inputs) inputs, the previous layer has \(previous.units) units")
        }
        var layer = GraphLayer(
          weights: weights, biases: nil, inputs: inputs, units: units, activation: nil, node: node)
        if let bias {
          var values = try floats(bias)
          guard bias.dataType == weightTensor.dataType else {
            throw refuse(
              node,
              "bias of type \(ONNXDataType.name(bias.dataType)) for weights of type \(ONNXDataType.name(weightTensor.dataType))"
            )
          }
          if values.count == 1 { values = Array(repeating: values[0], count: units) }
          guard values.count == units, bias.dims.count <= 2,
            bias.dims.last.map({ Int($0) }) ?? 1 == values.count || bias.dims.isEmpty
          else {
            throw refuse(node, "bias of shape \(bias.dims) for \(units) units")
          }
          if beta != 1 {
            values = values.map { $0 * Double(beta) }
            notes.append("node \(node.index): bias multiplied by Gemm's beta \(beta)")
          }
          layer.biases = Tensor(shape: [units], values: values, scalarType: raw.scalarType).storage
        }
        biasOpen = bias == nil
        layers.append(layer)
      case "Sigmoid", "Tanh", "Relu", "LeakyRelu", "Softmax":
        if let step = outputSteps.first { throw refuseAfterOutputSteps(node, step.node) }
        guard let last = layers.last else {
          throw refuse(node, "an activation before the first dense layer")
        }
        guard last.activation == nil else {
          throw refuse(node, "a second activation after layer \(layers.count - 1)")
        }
        let activation: Activation
        switch node.opType {
        case "Sigmoid": activation = .sigmoid
        case "Tanh": activation = .tanh
        case "Relu": activation = .relu
        case "LeakyRelu":
          let alpha = try floatAttribute(node, "alpha", default: 0.01)
          guard alpha == Float(Activation.leakyReLUSlope) else {
            throw refuse(node, "LeakyRelu with alpha \(alpha); nnkit's leaky ReLU has slope 0.01")
          }
          activation = .leakyReLU
        default:
          let axis = try intAttribute(node, "axis", default: (defaultOpset ?? 13) >= 13 ? -1 : 1)
          guard axis == 1 || axis == -1 else {
            throw refuse(node, "Softmax over axis \(axis); over the units (axis 1) expected")
          }
          activation = .softmax
        }
        layers[layers.count - 1].activation = activation
        biasOpen = false
      default:
        throw refuse(
          node, "only dense feed-forward networks can be imported (supported: \(Self.supportedOps))"
        )
      }
      current = node.outputs[0]
    }
    guard current == output.name, let first = layers.first else {
      throw InteropError(
        "unsupported-graph", .value(output.name),
        layers.isEmpty
          ? "the graph has no dense layer"
          : "the output is not computed from the input by a chain of layers")
    }
    for (node, width, after) in widthChecks {
      let actual = after == 0 ? first.inputs : layers[after - 1].units
      if Int(width) != actual {
        throw refuse(node, "Reshape to width \(width) of values that have \(actual)")
      }
    }
    if case .value(let declared)? = input.shape?.last, Int(declared) != first.inputs {
      throw InteropError(
        "unsupported-graph", .value(input.name),
        "declared width \(declared), the first layer takes \(first.inputs) inputs")
    }
    let scalarType = first.weights.scalarType
    for layer in layers where layer.weights.scalarType != scalarType {
      throw refuse(layer.node, "weights of another type than the first layer's")
    }
    let normalization = try fold(steps, width: first.inputs)
    let outputNormalization = try foldOutput(outputSteps, units: layers[layers.count - 1].units)
    return try assemble(
      layers, normalization: normalization,
      outputNormalization: (outputNormalization, outputSteps.first?.node), options: options)
  }

  /// Folds the affine steps into per-feature `(x − shift) / scale`.
  func fold(_ steps: [NormalizationStep], width: Int) throws(InteropError) -> [Normalization] {
    var result = Array(repeating: Normalization.identity, count: width)
    for step in steps {
      guard step.values.count == width || step.values.count == 1 else {
        throw refuse(step.node, "\(step.values.count) constants for \(width) features")
      }
      for k in 0..<width {
        let c = step.values.count == 1 ? step.values[0] : step.values[k]
        switch step.kind {
        // (x − s)/d − c = (x − (s + c·d))/d, and so on.
        case .sub: result[k].shift += c * result[k].scale
        case .add: result[k].shift -= c * result[k].scale
        case .div: result[k].scale *= c
        case .mul: result[k].scale /= c
        }
        guard result[k].scale.isFinite, result[k].scale != 0, result[k].shift.isFinite else {
          throw refuse(
            step.node, "the constant for feature \(k + 1) makes the normalization degenerate")
        }
      }
    }
    return result
  }

  /// The model: from the nnkit metadata when present and matching, else from the graph and the
  /// options.
  mutating func assemble(
    _ found: [GraphLayer], normalization: [Normalization],
    outputNormalization: (maps: [Normalization], node: ONNXNode?), options: ImportOptions
  ) throws(InteropError) -> ImportedModel {
    var layers: [DenseLayer] = []
    for layer in found {
      let scalarType = layer.weights.scalarType
      let biases =
        layer.biases
        ?? Tensor(
          shape: [layer.units], values: Array(repeating: 0, count: layer.units),
          scalarType: scalarType
        ).storage
      layers.append(
        DenseLayer(
          activation: layer.activation ?? .identity,
          weights: Tensor(shape: [layer.units, layer.inputs], storage: layer.weights),
          biases: Tensor(shape: [layer.units], storage: biases)))
    }
    guard let lastLayer = layers.last else {
      preconditionFailure("the chain walk refuses a graph without a dense layer")
    }
    var completion = ModelCompletion(options: options)
    if let text = document.metadata.last(where: { $0.key == ONNXFormat.metaKey })?.value {
      // The META document's output normalization holds the exact values; the graph's
      // constants must be those values in its dtype.
      if var model = try? Model(metaDocument: Array(text.utf8)), sameArchitecture(model, layers),
        model.output.normalizationMatches(
          outputNormalization.maps, scalarType: model.scalarType, units: model.outputCount)
      {
        for k in layers.indices {
          model.layers[k].weights = layers[k].weights
          model.layers[k].biases = layers[k].biases
        }
        try completion.override(&model)
        return ImportedModel(model: try validated(model), notes: notes + completion.notes)
      }
      notes.append("ignored the nnkit metadata: it does not describe this graph")
    }
    if completion.options.labels == nil, let labels = classLabels(count: lastLayer.units) {
      completion.options.labels = labels
      notes.append(
        "class labels from the graph's ArrayFeatureExtractor: \(labels.joined(separator: ","))")
    }
    let features = try completion.features(count: layers[0].inputs, normalization: normalization)
    var output = try completion.output(
      units: lastLayer.units, lastActivation: lastLayer.activation)
    if let node = outputNormalization.node {
      guard case .regression = output.task else {
        throw refuse(
          node,
          "per-output constants after the last layer (output normalization) are for regression "
            + "only (use --task regression)")
      }
      output.normalization = outputNormalization.maps
    }
    let model = Model(
      name: document.graphName.isEmpty ? nil : document.graphName,
      description: document.docString.isEmpty ? nil : document.docString, features: features,
      layers: layers, output: output,
      metadata: document.producerName.isEmpty ? [:] : ["imported_from": document.producerName])
    return ImportedModel(model: try validated(model), notes: notes + completion.notes)
  }
}

extension ONNXGraphImporter {
  /// The class labels of an skl2onnx classifier: the constant that its
  /// `ArrayFeatureExtractor` indexes with the arg-max of the probabilities, when it has one
  /// label per output unit (2 for a binary classifier).
  func classLabels(count: Int) -> [String]? {
    for node in document.nodes where node.opType == "ArrayFeatureExtractor" {
      guard let name = node.inputs.first, let tensor = constants[name] else { continue }
      var labels = tensor.strings
      if labels.isEmpty, let integers = try? tensor.integerValues(in: bytes) {
        labels = integers.map { String($0) }
      }
      if labels.count == count || (count == 1 && labels.count == 2) { return labels }
    }
    return nil
  }
}

/// Whether a META skeleton describes the same layers (activations, shapes, dtype).
func sameArchitecture(_ skeleton: Model, _ layers: [DenseLayer]) -> Bool {
  skeleton.layers.count == layers.count
    && zip(skeleton.layers, layers).allSatisfy {
      $0.activation == $1.activation && $0.weights.shape == $1.weights.shape
        && $0.weights.scalarType == $1.weights.scalarType
        && $0.biases.shape == $1.biases.shape
    }
}

/// `[rows, columns]` row-major → `[columns, rows]` row-major.
func transpose(_ storage: TensorStorage, rows: Int, columns: Int) -> TensorStorage {
  func flip<T>(_ values: [T]) -> [T] {
    if values.isEmpty { return values }
    return [T](unsafeUninitializedCapacity: values.count) { buffer, initialized in
      for r in 0..<rows {
        for c in 0..<columns { buffer[c * rows + r] = values[r * columns + c] }
      }
      initialized = values.count
    }
  }
  switch storage {
  case .float32(let values): return .float32(flip(values))
  case .float64(let values): return .float64(flip(values))
  }
}

private func scaled(_ storage: TensorStorage, by factor: Double) -> TensorStorage {
  switch storage {
  case .float32(let values): .float32(values.map { $0 * Float(factor) })
  case .float64(let values): .float64(values.map { $0 * factor })
  }
}
