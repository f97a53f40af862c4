// Small C helpers of NNModel: CRC-32C, tensor copy and finiteness scans.
#ifndef CCHECKSUM_H
#define CCHECKSUM_H
#include <stddef.h>
#include <stdint.h>

/// Extends a CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) over `length` bytes.
/// Start with crc = 0; the pre- and post-inversion are done inside, so calls chain:
/// nn_crc32c(nn_crc32c(0, a, n), b, m) == nn_crc32c(0, a||b, n+m).
/// Uses the SSE4.2 `crc32` instruction (three interleaved streams) when the CPU has it, and a
/// portable slice-by-8 table otherwise.
uint32_t nn_crc32c(uint32_t crc, const void *data, size_t length);

/// The portable slice-by-8 implementation (same results as nn_crc32c); exposed for tests.
uint32_t nn_crc32c_portable(uint32_t crc, const void *data, size_t length);

/// 1 when nn_crc32c uses the hardware instruction, else 0.
int nn_crc32c_hardware(void);

/// Copies `length` bytes from `source` to `destination` (which must not overlap) and returns
/// the CRC-32C of them continued from `crc`, in one pass over the data.
uint32_t nn_crc32c_copy(uint32_t crc, void *destination, const void *source, size_t length);

/// The index of the first element of `values` (`count` little-endian binary32 elements) that is
/// infinite or NaN, or `count` if all are finite.
size_t nn_first_nonfinite_f32(const void *values, size_t count);

/// The index of the first element of `values` (`count` little-endian binary64 elements) that is
/// infinite or NaN, or `count` if all are finite.
size_t nn_first_nonfinite_f64(const void *values, size_t count);

/// Starts (does not wait for) the write-back of the dirty pages of `length` bytes at `offset`
/// of the file `fd`, so that the final fsync of a large file waits only for its tail; 0 on
/// success, -1 with errno set (Linux sync_file_range(SYNC_FILE_RANGE_WRITE); elsewhere 0).
int nn_start_writeback(int fd, int64_t offset, int64_t length);

/// Copies `count` little-endian binary32 elements from `source` to `destination` (which must not
/// overlap) and returns the index of the first infinite or NaN one, or `count` if all are
/// finite, in one pass (each chunk checked while it is in cache). A large destination is advised
/// to use transparent huge pages (Linux), for a faster first touch.
size_t nn_copy_first_nonfinite_f32(void *destination, const void *source, size_t count);

/// As nn_copy_first_nonfinite_f32, for binary64 elements.
size_t nn_copy_first_nonfinite_f64(void *destination, const void *source, size_t count);

/// As nn_copy_first_nonfinite_f32, and extends the CRC-32C `*crc` over the bytes copied, in the
/// same pass: an eager load reads, checksums and checks each chunk while it is in cache.
size_t nn_copy_crc32c_first_nonfinite_f32(void *destination, const void *source, size_t count,
                                          uint32_t *crc);

/// As nn_copy_crc32c_first_nonfinite_f32, for binary64 elements.
size_t nn_copy_crc32c_first_nonfinite_f64(void *destination, const void *source, size_t count,
                                          uint32_t *crc);

/// Reads `count` little-endian binary32 elements from the file `fd` at `offset` into
/// `destination` (pread in 256 KiB chunks), extends the CRC-32C `*crc` over them and sets
/// `*first` to the index of the first infinite or NaN one (or `count`), each chunk checksummed
/// and scanned while it is in cache: an eager load's one pass, without mapping the file. A
/// large destination is advised to use huge pages. Returns 0, or the errno of a failed read
/// (EIO if the file ends early).
int nn_pread_crc32c_first_nonfinite_f32(int fd, int64_t offset, void *destination, size_t count,
                                        uint32_t *crc, size_t *first);

/// As nn_pread_crc32c_first_nonfinite_f32, for binary64 elements.
int nn_pread_crc32c_first_nonfinite_f64(int fd, int64_t offset, void *destination, size_t count,
                                        uint32_t *crc, size_t *first);

/// Extends the CRC-32C `*crc` over `count` little-endian binary32 elements and returns the index
/// of the first infinite or NaN one (or `count`), in one pass over the data (a writer's checksum
/// and finiteness check).
size_t nn_crc32c_first_nonfinite_f32(const void *values, size_t count, uint32_t *crc);

/// As nn_crc32c_first_nonfinite_f32, for binary64 elements.
size_t nn_crc32c_first_nonfinite_f64(const void *values, size_t count, uint32_t *crc);

/// Asks for transparent huge pages (Linux) for the 2 MiB-aligned interior of `length` bytes at
/// `destination` when they span at least 4 MiB: for large buffers about to be filled for the
/// first time (the copies above do it themselves).
void nn_advise_huge_pages(void *destination, size_t length);

#endif
