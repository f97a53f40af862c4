// Baseline for whole-process timings: the cost of starting and ending a C program.
#include <stdio.h>

int main(void) {
  puts("hello");
  return 0;
}
