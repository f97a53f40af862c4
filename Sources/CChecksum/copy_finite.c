// One-pass helpers for loading tensors: copy while computing the CRC-32C, and a finiteness scan
// written so the compiler vectorizes it (a compare-and-OR over the magnitude bits).
#include <string.h>

#include "CChecksum.h"

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
