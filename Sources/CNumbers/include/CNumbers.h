// Locale-independent decimal number parsing in C: the slow path of NNModel's JSON numbers
// (strtod_l/strtof_l), its table of powers of five, and the CSV reader's decimal cells; and the
// table of NNModel's shortest decimal printer.
#ifndef CNUMBERS_H
#define CNUMBERS_H
#include <stddef.h>
#include <stdint.h>

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

/// NNModel's shortest-decimal table (shortest_decimal_table.c): (g1, g0) for
/// g = floor(10^e / 2^r) + 1, r = floor(log2(10^e)) - 125, e = -292...324, at index 2 * (e + 292).
extern const unsigned long long nn_shortest_decimal_data[1234];

/// The table's address (inline, so Swift code reads it without a call).
static inline const unsigned long long *nn_shortest_decimal(void) {
  return nn_shortest_decimal_data;
}

/// 10^0 ... 10^19, and the 100 two-digit strings "00" ... "99" (200 bytes, no terminator), for
/// the same printer.
extern const unsigned long long nn_powers_of_ten_data[20];
extern const char nn_digit_pairs_data[200];
static inline const unsigned long long *nn_powers_of_ten(void) { return nn_powers_of_ten_data; }
static inline const char *nn_digit_pairs(void) { return nn_digit_pairs_data; }

#endif
