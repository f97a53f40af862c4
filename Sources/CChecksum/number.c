// Decimal to binary floating point in the C locale, without allocating: the JSON decoder's slow
// path for numbers the exact fast path cannot convert. glibc's strtod/strtof round correctly
// (strtof directly to binary32, never through binary64).
#define _GNU_SOURCE
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "CChecksum.h"

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
