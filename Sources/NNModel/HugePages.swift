import CChecksum

/// Asks for transparent huge pages for a large buffer that is about to be filled for the first
/// time (the CSV reader's columns), as the tensor copies do: the first touch then faults 2 MiB
/// at a time instead of 4 KiB. Only advice; small buffers are left alone.
package func adviseHugePages(_ start: UnsafeMutableRawPointer, byteCount: Int) {
  nn_advise_huge_pages(start, byteCount)
}
