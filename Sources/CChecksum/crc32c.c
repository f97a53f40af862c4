// CRC-32C (Castagnoli). Two implementations with identical results:
//  - portable slice-by-8 (eight 256-entry tables, 8 bytes per step);
//  - x86-64 SSE4.2 `crc32` instruction, chosen at run time with CPUID. Long inputs run three
//    independent streams at once (the instruction has a latency of 3 cycles but a throughput of
//    one per cycle) and join them with precomputed "append BLOCK zero bytes" tables, using
//    linearity: reg(r, A||B) = shift_|B|(reg(r, A)) xor reg(0, B).
#include "CChecksum.h"

#include <pthread.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>
#endif

#define POLY 0x82F63B78u

static uint32_t slice_table[8][256];
static pthread_once_t slice_once = PTHREAD_ONCE_INIT;

static void slice_init(void) {
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t crc = n;
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (POLY & (0u - (crc & 1u)));
    slice_table[0][n] = crc;
  }
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t crc = slice_table[0][n];
    for (int t = 1; t < 8; t++) {
      crc = slice_table[0][crc & 0xFF] ^ (crc >> 8);
      slice_table[t][n] = crc;
    }
  }
}

static inline uint64_t load_le64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

// Raw register update (no inversions).
static uint32_t slice_update(uint32_t crc, const unsigned char *p, size_t length) {
  while (length && ((uintptr_t)p & 7)) {
    crc = slice_table[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    length--;
  }
  while (length >= 8) {
    uint64_t v = load_le64(p) ^ crc;
    crc = slice_table[7][v & 0xFF] ^ slice_table[6][(v >> 8) & 0xFF] ^
          slice_table[5][(v >> 16) & 0xFF] ^ slice_table[4][(v >> 24) & 0xFF] ^
          slice_table[3][(v >> 32) & 0xFF] ^ slice_table[2][(v >> 40) & 0xFF] ^
          slice_table[1][(v >> 48) & 0xFF] ^ slice_table[0][v >> 56];
    p += 8;
    length -= 8;
  }
  while (length--) crc = slice_table[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
  return crc;
}

uint32_t nn_crc32c_portable(uint32_t crc, const void *data, size_t length) {
  pthread_once(&slice_once, slice_init);
  return ~slice_update(~crc, data, length);
}

#if defined(__x86_64__)

// Bytes per stream per round of the three-way loop.
#define BLOCK 4096

static uint32_t shift_table[4][256];  // shift_table[k][v] = shift_BLOCK(v << 8k)
static pthread_once_t shift_once = PTHREAD_ONCE_INIT;
static int hardware = -1;

__attribute__((target("sse4.2"))) static void shift_init(void) {
  uint32_t basis[32];
  for (int bit = 0; bit < 32; bit++) {
    uint64_t crc = 1u << bit;
    for (int i = 0; i < BLOCK / 8; i++) crc = _mm_crc32_u64(crc, 0);
    basis[bit] = (uint32_t)crc;
  }
  for (int k = 0; k < 4; k++) {
    for (uint32_t v = 0; v < 256; v++) {
      uint32_t out = 0;
      for (int b = 0; b < 8; b++)
        if (v & (1u << b)) out ^= basis[8 * k + b];
      shift_table[k][v] = out;
    }
  }
}

static inline uint32_t shift_block(uint32_t crc) {
  return shift_table[0][crc & 0xFF] ^ shift_table[1][(crc >> 8) & 0xFF] ^
         shift_table[2][(crc >> 16) & 0xFF] ^ shift_table[3][crc >> 24];
}

__attribute__((target("sse4.2"))) static uint32_t hw_update(uint32_t crc, const unsigned char *p,
                                                            size_t length) {
  while (length && ((uintptr_t)p & 7)) {
    crc = _mm_crc32_u8(crc, *p++);
    length--;
  }
  if (length >= 3 * BLOCK) {
    pthread_once(&shift_once, shift_init);
    while (length >= 3 * BLOCK) {
      uint64_t c0 = crc, c1 = 0, c2 = 0;
      const unsigned char *p1 = p + BLOCK, *p2 = p + 2 * BLOCK;
      for (size_t i = 0; i < BLOCK; i += 8) {
        c0 = _mm_crc32_u64(c0, load_le64(p + i));
        c1 = _mm_crc32_u64(c1, load_le64(p1 + i));
        c2 = _mm_crc32_u64(c2, load_le64(p2 + i));
      }
      crc = shift_block((uint32_t)c0) ^ (uint32_t)c1;
      crc = shift_block(crc) ^ (uint32_t)c2;
      p += 3 * BLOCK;
      length -= 3 * BLOCK;
    }
  }
  uint64_t c = crc;
  while (length >= 8) {
    c = _mm_crc32_u64(c, load_le64(p));
    p += 8;
    length -= 8;
  }
  crc = (uint32_t)c;
  while (length--) crc = _mm_crc32_u8(crc, *p++);
  return crc;
}

int nn_crc32c_hardware(void) {
  int known = __atomic_load_n(&hardware, __ATOMIC_RELAXED);
  if (known < 0) {
    unsigned a, b, c, d;
    known = (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_2)) ? 1 : 0;
    __atomic_store_n(&hardware, known, __ATOMIC_RELAXED);
  }
  return known;
}

uint32_t nn_crc32c(uint32_t crc, const void *data, size_t length) {
  if (nn_crc32c_hardware()) return ~hw_update(~crc, data, length);
  return nn_crc32c_portable(crc, data, length);
}

#else

int nn_crc32c_hardware(void) { return 0; }

uint32_t nn_crc32c(uint32_t crc, const void *data, size_t length) {
  return nn_crc32c_portable(crc, data, length);
}

#endif
