/// The index of the first feature whose name equals an earlier feature's name (as Swift
/// compares strings: canonical equivalence), or nil if all differ.
///
/// ``Model/validate()`` asks this of every model it reads; a `Set<String>` spends most of a
/// thousand-feature check in `Hasher` (SipHash). ASCII names are equal exactly when their bytes
/// are, so they go into an open-addressing table keyed by a multiplicative hash of their bytes;
/// a model with any other name takes the `Set`.
func firstRepeatedName(_ features: [Feature]) -> Int? {
  var bits = 4
  while 1 << bits < 2 * features.count { bits += 1 }
  let mask = (1 << bits) - 1
  var slots = [Int32](repeating: -1, count: 1 << bits)
  for k in features.indices {
    var name = features[k].name
    let hash = name.withUTF8 { bytes -> UInt64? in
      var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
      var high: UInt8 = 0
      for byte in bytes {
        high |= byte
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
      }
      return high < 0x80 ? hash : nil
    }
    guard let hash else { return firstRepeatedNameBySet(features) }
    var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    while slots[slot] >= 0 {
      if features[Int(slots[slot])].name == name { return k }
      slot = (slot + 1) & mask
    }
    slots[slot] = Int32(k)
  }
  return nil
}

private func firstRepeatedNameBySet(_ features: [Feature]) -> Int? {
  var names = Set<String>(minimumCapacity: features.count)
  for (k, feature) in features.enumerated() where !names.insert(feature.name).inserted {
    return k
  }
  return nil
}
