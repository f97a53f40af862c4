// Locale-independent decimal number parsing in C: the slow path of NNModel's number parser
// (strtod_l/strtof_l) and its table of powers of five; and the table of NNModel's shortest
// decimal printer.
#ifndef CNUMBERS_H
#define CNUMBERS_H
#include <stddef.h>
#include <stdint.h>

/// The correctly rounded binary64 value of `length` bytes of decimal text (an optional sign,
/// digits with an optional point, an optional exponent), independent of the process's locale;
/// ±HUGE_VAL on overflow; NaN when a copy of text of 256 bytes or more cannot be allocated.
double nn_parse_double(const char *text, size_t length);

/// The correctly rounded binary32 value of `length` bytes of decimal text (JSON number grammar,
/// at most 255 bytes), independent of the process's locale; ±HUGE_VALF on overflow.
float nn_parse_float(const char *text, size_t length);

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
