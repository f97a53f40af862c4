// Decimal to binary floating point in the C locale, without allocating: the JSON decoder's slow
// path for numbers the exact fast path cannot convert. glibc's strtod/strtof round correctly
// (strtof directly to binary32, never through binary64).
#define _GNU_SOURCE
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "CNumbers.h"

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void) { c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0); }

#define MAX_TEXT 256

double nn_parse_double(const char *text, size_t length) {
  char buffer[MAX_TEXT];
  if (length >= MAX_TEXT) return NAN;
  memcpy(buffer, text, length);
  buffer[length] = 0;
  pthread_once(&c_locale_once, make_c_locale);
  return c_locale ? strtod_l(buffer, NULL, c_locale) : strtod(buffer, NULL);
}

float nn_parse_float(const char *text, size_t length) {
  char buffer[MAX_TEXT];
  if (length >= MAX_TEXT) return NAN;
  memcpy(buffer, text, length);
  buffer[length] = 0;
  pthread_once(&c_locale_once, make_c_locale);
  return c_locale ? strtof_l(buffer, NULL, c_locale) : strtof(buffer, NULL);
}

// Decimal text as found in a CSV cell. Most cells have at most 19 significant digits and a
// small exponent; for those, when the mantissa is below 2^53 and the power of ten is at most
// 10^22, both are exact doubles and one multiplication or division rounds correctly (Clinger's
// fast path). Everything else goes to strtod_l in the C locale.
static const double exact_powers[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static int is_blank(char c) { return c == ' ' || c == '\t'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

// The number at the start of [p, end), without blanks: sets *out and returns where it ends, or
// returns NULL when no number starts there.
static const char *parse_number(const char *p, const char *end, double *out) {
  const char *start = p;
  int negative = 0;
  if (p < end && (*p == '+' || *p == '-')) negative = *p++ == '-';
  // One multiply-add per digit, over the integer and the fraction digits alike. Leading zeros
  // are not skipped first: that was a branch per cell which data around 0 made unpredictable.
  // They add nothing to the mantissa, so it wraps only past 19 significant digits; up to 19
  // digits in all cannot, and longer texts count their leading zeros below.
  const char *first_digit = p;
  uint64_t mantissa = 0;
  while (p < end && is_digit(*p)) mantissa = mantissa * 10 + (uint64_t)(*p++ - '0');
  int digits = (int)(p - first_digit);
  int exponent = 0;
  if (p < end && *p == '.') {
    const char *fraction_start = ++p;
    while (p < end && is_digit(*p)) mantissa = mantissa * 10 + (uint64_t)(*p++ - '0');
    exponent = -(int)(p - fraction_start);
    digits += (int)(p - fraction_start);
  }
  if (digits == 0) return NULL;
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    int sign = 1, value = 0, exponent_digits = 0;
    if (p < end && (*p == '+' || *p == '-')) sign = *p++ == '-' ? -1 : 1;
    for (; p < end && is_digit(*p); p++, exponent_digits++) {
      if (value < 100000) value = value * 10 + (*p - '0');
    }
    if (exponent_digits == 0) return NULL;
    exponent += sign * value;
  }
  int significant = digits;
  if (digits > 19) {
    for (const char *q = first_digit; q < p && (*q == '0' || *q == '.'); q++) {
      significant -= *q == '0';
    }
  }
  if (significant <= 19 && mantissa < ((uint64_t)1 << 53) && exponent >= -22 && exponent <= 22) {
    double value = (double)mantissa;
    value = exponent < 0 ? value / exact_powers[-exponent] : value * exact_powers[exponent];
    *out = negative ? -value : value;
    return p;
  }
  // The slow path: strtod_l on a NUL-terminated copy (on the heap when it is long).
  size_t count = (size_t)(p - start);
  char small[MAX_TEXT];
  char *copy = count < MAX_TEXT ? small : malloc(count + 1);
  if (!copy) return NULL;
  memcpy(copy, start, count);
  copy[count] = 0;
  pthread_once(&c_locale_once, make_c_locale);
  double value = c_locale ? strtod_l(copy, NULL, c_locale) : strtod(copy, NULL);
  if (copy != small) free(copy);
  if (isinf(value) || isnan(value)) return NULL;
  *out = value;
  return p;
}

int nn_parse_decimal(const char *text, size_t length, double *out) {
  const char *p = text, *end = text + length;
  while (p < end && is_blank(*p)) p++;
  while (end > p && is_blank(end[-1])) end--;
  double value;
  const char *stop = parse_number(p, end, &value);
  if (stop == NULL || stop != end) return 0;
  *out = value;
  return 1;
}

const char *nn_parse_decimal_prefix(const char *text, const char *end, double *out) {
  return parse_number(text, end, out);
}
