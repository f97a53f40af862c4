import NNModel

/// One factor of a chain-rule product.
public struct ChainRuleFactor: Sendable, Equatable {
  /// The partial derivative it is, such as `dL/dypred`, `dypred/dh1` or `dh1/dw1`.
  public var label: String
  /// How it is computed, such as `-2(y - ypred)` or `w5 · f'(z_ypred)`.
  public var formula: String
  /// Its value.
  public var value: Double

  /// Creates a factor.
  public init(label: String, formula: String, value: Double) {
    self.label = label
    self.formula = formula
    self.value = value
  }
}

/// ∂L/∂θ for one parameter θ, written as a product of partial derivatives.
///
/// Neurons are named as in the tutorial: a single output is `ypred` (several are `o1, o2, …`);
/// with one hidden layer its neurons are `h1, h2, …`, with more they are `h1.1, h1.2, …`
/// (layer.neuron). The breakdown follows θ's neuron n towards the loss:
/// - **Path form** (n's activation is elementwise). The last factor is `dn/dθ = x · f′(z_n)`
///   (x the input θ multiplies; 1 for a bias). While the next layer has a single neuron m
///   (not softmax), `dm/dn = w_mn · f′(z_m)` is prepended and n becomes m. The first factor is
///   `dL/dn`: for an output neuron the loss's derivative (MSE: `−2(y − ypred)`), otherwise the
///   backpropagated sum `Σ_k w_kn · dL/dz_k`. For the tutorial's w1 this is exactly
///   `dL/dypred · dypred/dh1 · dh1/dw1`.
/// - **Delta form** (softmax neurons, or when a path factor is not finite, e.g. a saturated
///   sigmoid under cross-entropy): `dL/dz_n · dz_n/dθ`, the backprop delta times the input.
public struct ChainRuleBreakdown: Sendable, Equatable {
  /// The parameter.
  public var parameter: ParameterID
  /// Its short name (`w1`).
  public var name: String
  /// The factors, outermost (next to the loss) first.
  public var factors: [ChainRuleFactor]
  /// The product of the factors, left to right.
  public var product: Double
  /// ∂L/∂θ from backpropagation (equal to ``product`` up to rounding).
  public var gradient: Double
  /// The loss of the sample.
  public var loss: Double

  /// Creates a breakdown.
  public init(
    parameter: ParameterID, name: String, factors: [ChainRuleFactor], product: Double,
    gradient: Double, loss: Double
  ) {
    self.parameter = parameter
    self.name = name
    self.factors = factors
    self.product = product
    self.gradient = gradient
    self.loss = loss
  }
}

extension Network {
  /// The tutorial-style name of neuron `neuron` of layer `layer` (both from 0).
  /// (``NeuronNames``, with a single output called `ypred`.)
  public func neuronName(layer: Int, neuron: Int) -> String {
    NeuronNames.name(
      layer: layer, neuron: neuron, units: layers.map(\.units), singleOutput: .prediction)
  }

  /// The chain-rule breakdown of ∂L/∂θ for one sample (input already normalized); see
  /// ``ChainRuleBreakdown``.
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)``,
  ///   ``EngineError/targetCount(expected:found:row:)`` for rows of the wrong length,
  ///   ``EngineError/unknownParameter(_:)`` for an `id` outside the network's shape.
  public func chainRule(input: [Scalar], target: [Scalar], loss: Loss, parameter id: ParameterID)
    throws(EngineError) -> ChainRuleBreakdown
  {
    guard target.count == outputCount else {
      throw .targetCount(expected: outputCount, found: target.count)
    }
    guard contains(id) else { throw .unknownParameter(id) }
    let trace = try self.trace(input).doubles
    let w = parameters.map(Double.init)
    let y = target.map(Double.init)
    let last = layers.count - 1
    let shapes = layers.map { (inputs: $0.inputs, units: $0.units) }
    func weight(_ layer: Int, _ neuron: Int, _ input: Int) -> Double {
      w[layers[layer].weightOffset + neuron * layers[layer].inputs + input]
    }
    func slope(_ layer: Int, _ neuron: Int) -> Double {
      layers[layer].activation.derivative(
        z: trace.layers[layer].z[neuron], a: trace.layers[layer].a[neuron])
    }
    // dL/da and dL/dz for every layer, backwards, in Double.
    var dA = layers.map { [Double](repeating: 0, count: $0.units) }
    var dZ = dA
    let outputTrace = trace.layers[last]
    dA[last] = loss.gradient(predicted: outputTrace.a, target: y)
    var lossValue = 0.0
    outputTrace.z.withUnsafeBufferPointer { z in
      outputTrace.a.withUnsafeBufferPointer { a in
        y.withUnsafeBufferPointer { y in
          dZ[last].withUnsafeMutableBufferPointer { delta in
            lossValue = loss.sampleLoss(
              z: z.nonEmptyBaseAddress, a: a.nonEmptyBaseAddress, target: y.nonEmptyBaseAddress,
              units: layers[last].units, activation: layers[last].activation,
              delta: delta.nonEmptyBaseAddress, scale: 1)
          }
        }
      }
    }
    for layer in stride(from: last - 1, through: 0, by: -1) {
      for n in 0..<layers[layer].units {
        var total = 0.0
        for k in 0..<layers[layer + 1].units { total += weight(layer + 1, k, n) * dZ[layer + 1][k] }
        dA[layer][n] = total
        dZ[layer][n] = total * slope(layer, n)
      }
    }

    let (l, j) = (id.layer, id.neuron)
    let x: Double
    let xName: String
    if let i = id.input {
      x = l == 0 ? trace.input[i] : trace.layers[l - 1].a[i]
      xName = l == 0 ? "x\(i + 1)" : neuronName(layer: l - 1, neuron: i)
    } else {
      (x, xName) = (1, "1")
    }
    let name = id.name(shapes: shapes)
    let n = neuronName(layer: l, neuron: j)
    let gradient = dZ[l][j] * x

    var factors: [ChainRuleFactor] = []
    if layers[l].activation.isElementwise {
      var path: [ChainRuleFactor] = []
      path.append(
        ChainRuleFactor(
          label: "d\(n)/d\(name)",
          formula: id.input == nil ? "f'(z_\(n))" : "\(xName) · f'(z_\(n))",
          value: x * slope(l, j)))
      var (layer, neuron) = (l, j)
      while layer < last, layers[layer + 1].units == 1, layers[layer + 1].activation.isElementwise {
        let next = neuronName(layer: layer + 1, neuron: 0)
        let link = ParameterID(layer: layer + 1, neuron: 0, input: neuron).name(shapes: shapes)
        path.append(
          ChainRuleFactor(
            label: "d\(next)/d\(neuronName(layer: layer, neuron: neuron))",
            formula: "\(link) · f'(z_\(next))",
            value: weight(layer + 1, 0, neuron) * slope(layer + 1, 0)))
        (layer, neuron) = (layer + 1, 0)
      }
      let top = neuronName(layer: layer, neuron: neuron)
      path.append(
        ChainRuleFactor(
          label: "dL/d\(top)",
          formula: layer == last
            ? loss.derivativeFormula(output: top, count: layers[last].units)
            : "Σ_k w_k · dL/dz_k (backpropagated)",
          value: dA[layer][neuron]))
      factors = path.reversed()
    }
    if factors.isEmpty || !factors.allSatisfy({ $0.value.isFinite }) {
      factors = [
        ChainRuleFactor(label: "dL/dz_\(n)", formula: "backpropagated delta", value: dZ[l][j]),
        ChainRuleFactor(label: "dz_\(n)/d\(name)", formula: xName, value: x),
      ]
    }
    let product = factors.reduce(1.0) { $0 * $1.value }
    return ChainRuleBreakdown(
      parameter: id, name: name, factors: factors, product: product, gradient: gradient,
      loss: lossValue)
  }
}

extension Loss {
  /// The formula of `∂L/∂a` for an output named `output`, for display.
  func derivativeFormula(output: String, count: Int) -> String {
    let mean = count > 1 ? "/\(count)" : ""
    switch self {
    case .meanSquaredError: return "-2(y - \(output))\(mean)"
    case .binaryCrossEntropy: return "(\(output) - y) / (\(output)(1 - \(output)))\(mean)"
    case .categoricalCrossEntropy: return "-y / \(output)"
    }
  }
}
