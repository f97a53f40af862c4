// Decimal to binary floating point in the C locale: the slow path of NNModel's number parser
// (`NumberText`: JSON numbers, CSV cells, typed numbers) for what its fast paths cannot decide. glibc's strtod/strtof round correctly
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
  // A NUL-terminated copy, on the stack (JSON numbers have at most 128 bytes) or, for the rare
  // longer CSV cell, on the heap.
  char small[MAX_TEXT];
  char *copy = length < MAX_TEXT ? small : malloc(length + 1);
  if (!copy) return NAN;
  memcpy(copy, text, length);
  copy[length] = 0;
  pthread_once(&c_locale_once, make_c_locale);
  double value = c_locale ? strtod_l(copy, NULL, c_locale) : strtod(copy, NULL);
  if (copy != small) free(copy);
  return value;
}

float nn_parse_float(const char *text, size_t length) {
  char buffer[MAX_TEXT];
  if (length >= MAX_TEXT) return NAN;
  memcpy(buffer, text, length);
  buffer[length] = 0;
  pthread_once(&c_locale_once, make_c_locale);
  return c_locale ? strtof_l(buffer, NULL, c_locale) : strtof(buffer, NULL);
}
