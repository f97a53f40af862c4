import CKernels
import NNModel

// The loops that do the arithmetic, on raw pointers into preallocated buffers.
//
// Matrices are row-major. A batch is `rows` samples; `W` is `[units, inputs]` as in the model.
// Every dot product is accumulated in the same fixed order wherever it is computed — eight
// lane-wise partial sums over the leading multiple of 8, a sequential sum over the rest, then a
// fixed reduction — so a batched forward pass gives the same bits as one sample at a time, and
// a network narrower than 8 inputs sums exactly left to right, as the tutorial does.
//
// Float layers of 8 or more inputs go to the AVX2 or AVX-512 kernels in `CKernels` when the
// network's `KernelPath` says so (their own fixed order, with fused multiply-adds, the same at
// both widths); everything else runs here, on the portable `SIMD8` type.

@usableFromInline
enum Kernels {
  /// Whether a layer of `inputs` inputs goes to `CKernels` on `path` (a choice made by the
  /// shape and the path alone, so one sample and a batch always take the same kernels).
  @inlinable @inline(__always)
  static func useAccelerated<S: NetworkScalar>(_: S.Type, inputs: Int, _ path: KernelPath)
    -> Bool
  {
    S.self == Float.self && inputs >= 8 && path != .portable
  }

  @inlinable @inline(__always)
  static func float<S>(_ p: UnsafePointer<S>) -> UnsafePointer<Float> {
    UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
  }

  @inlinable @inline(__always)
  static func float<S>(_ p: UnsafeMutablePointer<S>) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
  }

  @inlinable @inline(__always)
  static func double<S>(_ p: UnsafePointer<S>) -> UnsafePointer<Double> {
    UnsafeRawPointer(p).assumingMemoryBound(to: Double.self)
  }

  @inlinable @inline(__always)
  static func double<S>(_ p: UnsafeMutablePointer<S>) -> UnsafeMutablePointer<Double> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: Double.self)
  }

  @inlinable @inline(__always)
  static func load<S: NetworkScalar>(_ p: UnsafePointer<S>) -> SIMD8<S> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<S>.self)
  }

  @inlinable @inline(__always)
  static func store<S: NetworkScalar>(_ v: SIMD8<S>, _ p: UnsafeMutablePointer<S>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<S>.self)
  }

  /// The lanes' sum in a fixed order: ((v0+v4) + (v2+v6)) + ((v1+v5) + (v3+v7)).
  @inlinable @inline(__always)
  static func sum<S: NetworkScalar>(_ v: SIMD8<S>) -> S {
    let h = v.lowHalf + v.highHalf
    return (h[0] + h[2]) + (h[1] + h[3])
  }

  /// `Z[s, j] = (Σ_k W[j, k] · X[s, k]) + b[j]` for every sample `s` and unit `j`.
  @inlinable @inline(__always)
  static func affine<S: NetworkScalar>(
    weights w: UnsafePointer<S>, biases b: UnsafePointer<S>, input x: UnsafePointer<S>,
    output z: UnsafeMutablePointer<S>, rows: Int, inputs: Int, units: Int, path: KernelPath
  ) {
    if useAccelerated(S.self, inputs: inputs, path) {
      nnk_affine_f32(
        Int32(path.rawValue), float(w), float(b), float(x), float(z), rows, inputs, units)
      return
    }
    let vectorEnd = inputs & ~7
    for s in 0..<rows {
      let xs = x + s * inputs
      let zs = z + s * units
      var j = 0
      // Four units at a time: four independent sums share each load of the input.
      while j + 4 <= units {
        let w0 = w + j * inputs
        let w1 = w0 + inputs
        let w2 = w1 + inputs
        let w3 = w2 + inputs
        var a0 = SIMD8<S>()
        var a1 = SIMD8<S>()
        var a2 = SIMD8<S>()
        var a3 = SIMD8<S>()
        var k = 0
        while k < vectorEnd {
          let xv = load(xs + k)
          a0 += load(w0 + k) * xv
          a1 += load(w1 + k) * xv
          a2 += load(w2 + k) * xv
          a3 += load(w3 + k) * xv
          k += 8
        }
        var t0: S = 0
        var t1: S = 0
        var t2: S = 0
        var t3: S = 0
        while k < inputs {
          let xk = xs[k]
          t0 += w0[k] * xk
          t1 += w1[k] * xk
          t2 += w2[k] * xk
          t3 += w3[k] * xk
          k += 1
        }
        zs[j] = (sum(a0) + t0) + b[j]
        zs[j + 1] = (sum(a1) + t1) + b[j + 1]
        zs[j + 2] = (sum(a2) + t2) + b[j + 2]
        zs[j + 3] = (sum(a3) + t3) + b[j + 3]
        j += 4
      }
      while j < units {
        let wj = w + j * inputs
        var a0 = SIMD8<S>()
        var k = 0
        while k < vectorEnd {
          a0 += load(wj + k) * load(xs + k)
          k += 8
        }
        var t0: S = 0
        while k < inputs {
          t0 += wj[k] * xs[k]
          k += 1
        }
        zs[j] = (sum(a0) + t0) + b[j]
        j += 1
      }
    }
  }

  /// One sample through a layer of fewer than 8 inputs: each neuron's `z` and `a = f(z)` in one
  /// step (the same bits as `affine` then `activate`, with less traffic through memory).
  @inlinable @inline(__always)
  static func narrowLayer<S: NetworkScalar>(
    _ activation: Activation, weights w: UnsafePointer<S>, biases b: UnsafePointer<S>,
    input x: UnsafePointer<S>, z: UnsafeMutablePointer<S>, a: UnsafeMutablePointer<S>,
    inputs: Int, units: Int
  ) {
    for j in 0..<units {
      let wj = w + j &* inputs
      var t: S = 0
      for k in 0..<inputs { t += wj[k] * x[k] }
      let zj = (0 + t) + b[j]
      z[j] = zj
      a[j] = activation.apply(zj)
    }
  }

  /// `A = f(Z)` row by row; `a` may be the same buffer as `z`.
  ///
  /// Softmax subtracts the row's maximum before exponentiating, so no exponent exceeds 0 and
  /// nothing overflows: `a_k = e^(z_k − max z) / Σ_j e^(z_j − max z)`.
  @inlinable @inline(__always)
  static func activate<S: NetworkScalar>(
    _ activation: Activation, z: UnsafePointer<S>, a: UnsafeMutablePointer<S>, rows: Int,
    units: Int
  ) {
    let count = rows * units
    switch activation {
    case .sigmoid:
      for i in 0..<count { a[i] = 1 / (1 + S.exponential(-z[i])) }
    case .tanh:
      for i in 0..<count { a[i] = S.hyperbolicTangent(z[i]) }
    case .relu:
      for i in 0..<count { a[i] = z[i] > 0 ? z[i] : 0 }
    case .leakyReLU:
      let slope = S(Activation.leakyReLUSlope)
      for i in 0..<count { a[i] = z[i] > 0 ? z[i] : slope * z[i] }
    case .identity:
      if UnsafePointer(a) != z { a.update(from: z, count: count) }
    case .softmax:
      for s in 0..<rows {
        let zs = z + s * units
        let row = a + s * units
        var largest = zs[0]
        for k in 1..<max(units, 1) where zs[k] > largest { largest = zs[k] }
        var total: S = 0
        for k in 0..<units {
          let e = S.exponential(zs[k] - largest)
          row[k] = e
          total += e
        }
        for k in 0..<units { row[k] /= total }
      }
    }
  }

  /// `out[k] = Σ_n c[n · stride] · rows[n · width + k]` for every `k < width`: a weighted sum of
  /// `count` rows, each sum taken in increasing `n` (so the result does not depend on how the
  /// columns are tiled), 32 and then 8 columns at a time in registers. It is the core of both
  /// gradients: `dW[j, :] = Σ_s dZ[s, j] · X[s, :]` and `dX[s, :] = Σ_j dZ[s, j] · W[j, :]`.
  @inlinable @inline(__always)
  static func weightedRowSum<S: NetworkScalar>(
    coefficients c: UnsafePointer<S>, stride: Int, rows r: UnsafePointer<S>, count: Int,
    width: Int, into out: UnsafeMutablePointer<S>
  ) {
    var k = 0
    while k + 32 <= width {
      var a0 = SIMD8<S>()
      var a1 = SIMD8<S>()
      var a2 = SIMD8<S>()
      var a3 = SIMD8<S>()
      for n in 0..<count {
        let cv = SIMD8<S>(repeating: c[n * stride])
        let rn = r + n * width + k
        a0 += cv * load(rn)
        a1 += cv * load(rn + 8)
        a2 += cv * load(rn + 16)
        a3 += cv * load(rn + 24)
      }
      store(a0, out + k)
      store(a1, out + k + 8)
      store(a2, out + k + 16)
      store(a3, out + k + 24)
      k += 32
    }
    while k + 8 <= width {
      var a0 = SIMD8<S>()
      for n in 0..<count { a0 += SIMD8<S>(repeating: c[n * stride]) * load(r + n * width + k) }
      store(a0, out + k)
      k += 8
    }
    while k < width {
      var t: S = 0
      for n in 0..<count { t += c[n * stride] * r[n * width + k] }
      out[k] = t
      k += 1
    }
  }

  /// `dW[j, k] = Σ_s dZ[s, j] · X[s, k]` and `db[j] = Σ_s dZ[s, j]` (overwriting both).
  @inlinable @inline(__always)
  static func weightGradient<S: NetworkScalar>(
    deltas d: UnsafePointer<S>, input x: UnsafePointer<S>,
    weightGradient dw: UnsafeMutablePointer<S>,
    biasGradient db: UnsafeMutablePointer<S>, rows: Int, inputs: Int, units: Int,
    path: KernelPath
  ) {
    if useAccelerated(S.self, inputs: inputs, path) {
      nnk_weight_gradient_f32(
        Int32(path.rawValue), float(d), float(x), float(dw), float(db), rows, inputs, units)
      return
    }
    if rows == 1 {  // one sample: the outer product δ xᵀ (same bits as the general path)
      for j in 0..<units {
        let dj = d[j]
        let row = dw + j &* inputs
        for k in 0..<inputs { row[k] = dj * x[k] }
        db[j] = dj
      }
      return
    }
    for j in 0..<units {
      weightedRowSum(
        coefficients: d + j, stride: units, rows: x, count: rows, width: inputs,
        into: dw + j * inputs)
      var bias: S = 0
      for s in 0..<rows { bias += d[s * units + j] }
      db[j] = bias
    }
  }

  /// `dX[s, k] = Σ_j dZ[s, j] · W[j, k]`: the loss's gradient with respect to the layer's input.
  @inlinable @inline(__always)
  static func inputGradient<S: NetworkScalar>(
    deltas d: UnsafePointer<S>, weights w: UnsafePointer<S>, output dx: UnsafeMutablePointer<S>,
    rows: Int, inputs: Int, units: Int, path: KernelPath
  ) {
    if useAccelerated(S.self, inputs: inputs, path) {
      nnk_input_gradient_f32(
        Int32(path.rawValue), float(d), float(w), float(dx), rows, inputs, units)
      return
    }
    if rows == 1 {  // one sample: dX += d_j · W[j, :] row after row (same bits as below)
      for k in 0..<inputs { dx[k] = 0 }
      for j in 0..<units {
        let dj = d[j]
        let wj = w + j &* inputs
        for k in 0..<inputs { dx[k] += dj * wj[k] }
      }
      return
    }
    for s in 0..<rows {
      weightedRowSum(
        coefficients: d + s * units, stride: 1, rows: w, count: units, width: inputs,
        into: dx + s * inputs)
    }
  }

  /// `dZ = dA ⊙ f′(Z)` in place, for an elementwise activation.
  @inlinable @inline(__always)
  static func multiplyByDerivative<S: NetworkScalar>(
    _ activation: Activation, gradient g: UnsafeMutablePointer<S>, z: UnsafePointer<S>,
    a: UnsafePointer<S>, count: Int
  ) {
    switch activation {
    case .sigmoid:
      for i in 0..<count { g[i] *= a[i] * (1 - a[i]) }
    case .tanh:
      for i in 0..<count { g[i] *= 1 - a[i] * a[i] }
    // In C (`activation.c`), where the per-element choice becomes a vector select.
    case .relu:
      if S.self == Float.self {
        nnk_relu_backward_f32(float(z), float(g), count)
      } else {
        nnk_relu_backward_f64(double(z), double(g), count)
      }
    case .leakyReLU:
      if S.self == Float.self {
        nnk_leaky_relu_backward_f32(float(z), float(g), count, Float(Activation.leakyReLUSlope))
      } else {
        nnk_leaky_relu_backward_f64(double(z), double(g), count, Activation.leakyReLUSlope)
      }
    case .identity, .softmax:
      break
    }
  }
}
