#ifndef CCHECKSUM_H
#define CCHECKSUM_H
#include <stddef.h>
#include <stdint.h>

/// Extends a CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) over `length` bytes.
/// Start with crc = 0; the pre- and post-inversion are done inside, so calls chain:
/// nn_crc32c(nn_crc32c(0, a, n), b, m) == nn_crc32c(0, a||b, n+m).
uint32_t nn_crc32c(uint32_t crc, const void *data, size_t length);

#endif
