// FANN 2.2 peer for nnkit's W6: a whole process that loads a 2-2-1 FANN net file and answers
// one query given on the command line, printing the output. Timed from outside (hyperfine).
#include <floatfann.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: fann_predict NET x1 x2\n");
    return 2;
  }
  struct fann *ann = fann_create_from_file(argv[1]);
  if (!ann) return 1;
  fann_type input[2] = {(fann_type)atof(argv[2]), (fann_type)atof(argv[3])};
  printf("%g\n", (double)fann_run(ann, input)[0]);
  fann_destroy(ann);
  return 0;
}
