// One-pass helpers for loading tensors: copy while computing the CRC-32C, and a finiteness scan
// written so the compiler vectorizes it (a compare-and-OR over the magnitude bits).
#ifdef __linux__
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#endif
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "CChecksum.h"

// Asks for transparent huge pages for the 2 MiB-aligned interior of a large, still untouched
// destination (as numpy does for its arrays): the first touch then faults 2 MiB at a time
// instead of 4 KiB, which halves the time to fill a fresh 400 MB tensor.
static void advise_huge_pages(void *destination, size_t length) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const uintptr_t huge = (uintptr_t)1 << 21;
  if (length < 2 * huge) return;
  uintptr_t start = ((uintptr_t)destination + huge - 1) & ~(huge - 1);
  uintptr_t end = ((uintptr_t)destination + length) & ~(huge - 1);
  if (end > start) madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
  (void)destination;
  (void)length;
#endif
}

// Bytes copied per CRC call: small enough to stay in L1/L2 between the two touches.
#define CHUNK 16384

uint32_t nn_crc32c_copy(uint32_t crc, void *destination, const void *source, size_t length) {
  unsigned char *d = destination;
  const unsigned char *s = source;
  while (length > 0) {
    size_t n = length < CHUNK ? length : CHUNK;
    memcpy(d, s, n);
    crc = nn_crc32c(crc, d, n);
    d += n;
    s += n;
    length -= n;
  }
  return crc;
}

size_t nn_first_nonfinite_f32(const void *values, size_t count) {
  const unsigned char *p = values;
  size_t block = 4096;
  for (size_t start = 0; start < count; start += block) {
    size_t end = start + block < count ? start + block : count;
    // Non-finite iff the magnitude bits, as a signed 32-bit number, exceed FLT_MAX's: a
    // compare and an OR per element, which SSE2 vectorizes (pcmpgtd, por).
    int32_t any = 0;
    for (size_t i = start; i < end; i++) {
      int32_t bits;
      memcpy(&bits, p + 4 * i, 4);
      any |= -((bits & 0x7FFFFFFF) > 0x7F7FFFFF);
    }
    if (any) {
      for (size_t i = start; i < end; i++) {
        uint32_t bits;
        memcpy(&bits, p + 4 * i, 4);
        if ((bits & 0x7F800000u) == 0x7F800000u) return i;
      }
    }
  }
  return count;
}

size_t nn_first_nonfinite_f64(const void *values, size_t count) {
  const unsigned char *p = values;
  size_t block = 2048;
  for (size_t start = 0; start < count; start += block) {
    size_t end = start + block < count ? start + block : count;
    // The exponent lives in the high 32 bits: non-finite iff their magnitude part exceeds
    // 0x7FEFFFFF (DBL_MAX's high word is 0x7FEFFFFF).
    int32_t any = 0;
    for (size_t i = start; i < end; i++) {
      uint64_t bits;
      memcpy(&bits, p + 8 * i, 8);
      int32_t high = (int32_t)(bits >> 32);
      any |= -((high & 0x7FFFFFFF) > 0x7FEFFFFF);
    }
    if (any) {
      for (size_t i = start; i < end; i++) {
        uint64_t bits;
        memcpy(&bits, p + 8 * i, 8);
        if ((bits & 0x7FF0000000000000ull) == 0x7FF0000000000000ull) return i;
      }
    }
  }
  return count;
}

// The one loop behind the copies and scans below: for each chunk of `count` elements of
// `width` bytes, copy it (when `destination` is not NULL), extend the CRC-32C over it (when
// `crc` is not NULL) and scan it for the first non-finite element, while it is in cache.
static size_t chunked_pass(void *destination, const void *source, size_t count, size_t width,
                           uint32_t *crc) {
  unsigned char *d = destination;
  const unsigned char *s = source;
  size_t block = CHUNK / width;
  size_t first = count;
  if (d) advise_huge_pages(destination, width * count);
  for (size_t start = 0; start < count; start += block) {
    size_t n = count - start < block ? count - start : block;
    const unsigned char *chunk = s + width * start;
    if (d) {
      memcpy(d + width * start, chunk, width * n);
      chunk = d + width * start;
    }
    if (crc) *crc = nn_crc32c(*crc, chunk, width * n);
    if (first == count) {
      size_t k = width == 4 ? nn_first_nonfinite_f32(chunk, n) : nn_first_nonfinite_f64(chunk, n);
      if (k < n) first = start + k;
    }
  }
  return first;
}

size_t nn_copy_first_nonfinite_f32(void *destination, const void *source, size_t count) {
  return chunked_pass(destination, source, count, 4, NULL);
}

size_t nn_copy_first_nonfinite_f64(void *destination, const void *source, size_t count) {
  return chunked_pass(destination, source, count, 8, NULL);
}

size_t nn_copy_crc32c_first_nonfinite_f32(void *destination, const void *source, size_t count,
                                          uint32_t *crc) {
  return chunked_pass(destination, source, count, 4, crc);
}

size_t nn_copy_crc32c_first_nonfinite_f64(void *destination, const void *source, size_t count,
                                          uint32_t *crc) {
  return chunked_pass(destination, source, count, 8, crc);
}

size_t nn_crc32c_first_nonfinite_f32(const void *values, size_t count, uint32_t *crc) {
  return chunked_pass(NULL, values, count, 4, crc);
}

size_t nn_crc32c_first_nonfinite_f64(const void *values, size_t count, uint32_t *crc) {
  return chunked_pass(NULL, values, count, 8, crc);
}

// Bytes per pread: the chunk is checksummed and scanned while it is still in the L2 cache.
#define READ_CHUNK (256 * 1024)

static int pread_pass(int fd, int64_t offset, void *destination, size_t count, size_t width,
                      uint32_t *crc, size_t *first) {
  unsigned char *d = destination;
  size_t total = width * count;
  size_t done = 0;
  *first = count;
  advise_huge_pages(destination, total);
  while (done < total) {
    size_t want = total - done < READ_CHUNK ? total - done : READ_CHUNK;
    ssize_t n = pread(fd, d + done, want, (off_t)(offset + (int64_t)done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;  // the file shrank while it was read
    // Whole elements only, so that the scan's index is exact; a partial one waits.
    size_t start = done / width;
    done += (size_t)n;
    size_t end = done / width;
    if (end == start) continue;
    *crc = nn_crc32c(*crc, d + width * start, width * (end - start));
    if (*first == count) {
      size_t k = width == 4 ? nn_first_nonfinite_f32(d + 4 * start, end - start)
                            : nn_first_nonfinite_f64(d + 8 * start, end - start);
      if (k < end - start) *first = start + k;
    }
  }
  return 0;
}

int nn_pread_crc32c_first_nonfinite_f32(int fd, int64_t offset, void *destination, size_t count,
                                        uint32_t *crc, size_t *first) {
  return pread_pass(fd, offset, destination, count, 4, crc, first);
}

int nn_pread_crc32c_first_nonfinite_f64(int fd, int64_t offset, void *destination, size_t count,
                                        uint32_t *crc, size_t *first) {
  return pread_pass(fd, offset, destination, count, 8, crc, first);
}

void nn_advise_huge_pages(void *destination, size_t length) {
  advise_huge_pages(destination, length);
}
