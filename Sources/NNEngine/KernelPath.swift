import CKernels

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Which set of matrix kernels a ``Network`` runs its single-precision layers of 8 or more
/// inputs on.
///
/// Every path gives a batch the same bits as its samples one at a time. `avx2` and `avx512`
/// give each other's bits too (the same fused multiply-adds in the same order); `portable`
/// (Swift `SIMD8`, no fused multiply-add) differs from them in the last bits. Double layers and
/// layers narrower than 8 inputs always run on the portable kernels.
///
/// The default, ``selected``, is the widest path the CPU runs, limited by the environment
/// variable `NNKIT_KERNELS` (`portable`, `avx2` or `avx512`, read once) so that every path can
/// be run and tested on one machine.
public enum KernelPath: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
  /// Swift `SIMD8` kernels: any CPU.
  case portable = 0
  /// C kernels for AVX2 + FMA.
  case avx2 = 1
  /// C kernels for AVX-512 (F, VL, DQ, BW).
  case avx512 = 2

  /// The widest path this CPU runs.
  public static let widest = KernelPath(rawValue: Int(nnk_cpu_level())) ?? .portable

  /// The paths this CPU runs, narrowest first (``portable`` always).
  public static var available: [KernelPath] { allCases.filter { $0 <= widest } }

  /// The path networks start with: ``widest``, or the narrower one `NNKIT_KERNELS` names.
  /// A path the CPU cannot run gives the widest it can; an unknown name is ignored.
  public static let selected = resolve(
    setting: getenv("NNKIT_KERNELS").map { String(cString: $0) }, widest: widest)

  /// The path a setting of `NNKIT_KERNELS` selects on a CPU whose widest path is `widest`.
  static func resolve(setting: String?, widest: KernelPath) -> KernelPath {
    guard let setting, let path = KernelPath(name: setting) else { return widest }
    return min(path, widest)
  }

  /// The path called `name` (`portable`, `avx2` or `avx512`), if any.
  public init?(name: String) {
    guard let path = Self.allCases.first(where: { $0.description == name }) else { return nil }
    self = path
  }

  /// `portable`, `avx2` or `avx512`.
  public var description: String {
    switch self {
    case .portable: "portable"
    case .avx2: "avx2"
    case .avx512: "avx512"
    }
  }

  /// Orders paths from narrowest to widest.
  public static func < (lhs: KernelPath, rhs: KernelPath) -> Bool { lhs.rawValue < rhs.rawValue }
}
