// Small C helpers of NNModel: CRC-32C, tensor copy and finiteness scans, number parsing.
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

/// The correctly rounded binary64 value of `length` bytes of decimal text (JSON number
/// grammar, at most 255 bytes), independent of the process's locale; ±HUGE_VAL on overflow.
double nn_parse_double(const char *text, size_t length);

/// The correctly rounded binary32 value of `length` bytes of decimal text (JSON number grammar,
/// at most 255 bytes), independent of the process's locale; ±HUGE_VALF on overflow.
float nn_parse_float(const char *text, size_t length);

/// Parses a decimal number as written in a CSV cell: optional blanks (space, tab) around an
/// optional sign, digits with an optional point (`5`, `5.`, `.5`) and an optional exponent.
/// Returns 1 and stores the correctly rounded value in `*out`, independent of the locale; returns
/// 0 (leaving `*out` alone) for anything else, including `nan`, `inf`, hexadecimal and values
/// that overflow. Exact values with at most 19 digits and a small exponent take a fast path.
int nn_parse_decimal(const char *text, size_t length, double *out);

/// The number that starts exactly at `text` (no blanks before it; grammar and rounding as
/// nn_parse_decimal), read no further than `end`: stores it in `*out` and returns the first byte
/// after it, or returns NULL when no number starts there. The CSV reader parses a cell while it
/// looks for the cell's end this way, and accepts the number when a delimiter or line end
/// follows.
const char *nn_parse_decimal_prefix(const char *text, const char *end, double *out);

/// NNModel's table of 128-bit powers of five (power_of_five.c): (high, low) for 5^q,
/// q = -342...308, at index 2 * (q + 342).
extern const unsigned long long nn_power_of_five_data[1302];

/// The table's address (inline, so Swift code reads it without a call).
static inline const unsigned long long *nn_power_of_five(void) { return nn_power_of_five_data; }

#endif
