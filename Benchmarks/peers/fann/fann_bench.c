// FANN 2.2 peer for nnkit's benchmarks W1, W2 (batch 1) and W4 (2-2-1 latency).
//
// Built twice by Benchmarks/run.sh: against floatfann (fann_type = float, the default
// `-lfann`) and, with -DBENCH_DOUBLE, against doublefann (fann_type = double).
//
// FANN notes (see shared workloads.md): FANN's sigmoid is 1/(1+exp(-2*s*x)); with the default
// steepness 0.5 that is the standard logistic function, so FANN_SIGMOID (not the default
// stepwise approximation) is the tutorial's sigmoid. FANN's incremental update is the gradient
// of 1/2 (t-y)^2, so FANN's learning rate 0.2 is the tutorial's 0.1 on (t-y)^2.
// FANN 2.2 has no softmax: W2 uses sigmoid outputs with MSE (noted in the results).
//
// Every result is one JSON object per line on stdout:
//   {"workload":..,"case":..,"impl":..,"value":..,"unit":..,"better":"lower|higher",...}
#ifdef BENCH_DOUBLE
#include <doublefann.h>
#define IMPL "fann-f64"
#else
#include <floatfann.h>
#define IMPL "fann"
#endif

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *values, int count) {
  qsort(values, (size_t)count, sizeof(double), compare_doubles);
  return count % 2 ? values[count / 2] : 0.5 * (values[count / 2 - 1] + values[count / 2]);
}

static void emit(const char *workload, const char *name, double value, const char *unit,
                 const char *better, int reps, const char *note) {
  printf("{\"workload\":\"%s\",\"case\":\"%s\",\"impl\":\"%s\",\"value\":%.9g,"
         "\"unit\":\"%s\",\"better\":\"%s\",\"reps\":%d,\"note\":\"%s\"}\n",
         workload, name, IMPL, value, unit, better, reps, note ? note : "");
  fflush(stdout);
}

// The tutorial's four people, shifted by (135, 66), and their genders (1 = F).
static const fann_type tutorial_inputs[4][2] = {{-2, -1}, {25, 6}, {17, 4}, {-15, -6}};
static const fann_type tutorial_targets[4][1] = {{1}, {0}, {0}, {1}};

static struct fann *make_tutorial_network(void) {
  struct fann *ann = fann_create_standard(3, 2, 2, 1);
  fann_set_activation_function_hidden(ann, FANN_SIGMOID);
  fann_set_activation_function_output(ann, FANN_SIGMOID);
  fann_set_activation_steepness_hidden(ann, 0.5);
  fann_set_activation_steepness_output(ann, 0.5);
  fann_set_train_error_function(ann, FANN_ERRORFUNC_LINEAR);
  fann_set_training_algorithm(ann, FANN_TRAIN_INCREMENTAL);
  fann_set_learning_rate(ann, 0.2f);  // = the tutorial's 0.1 (see above)
  fann_set_learning_momentum(ann, 0.0f);
  // Fixed starting weights (w1..w6, b1..b3 of the tutorial, from a normal draw) so every
  // repetition does the same arithmetic.
  static const fann_type start[9] = {0.5, -0.3, 0.8, 0.1, -0.6, 0.7, 0.2, -0.4, 0.3};
  // FANN's connection order: h1 <- (x1, x2, bias), h2 <- (x1, x2, bias), o1 <- (h1, h2, bias).
  struct fann_connection connections[9];
  fann_get_connection_array(ann, connections);
  for (int i = 0; i < 9; i++) {
    fann_set_weight(ann, connections[i].from_neuron, connections[i].to_neuron, start[i]);
  }
  return ann;
}

static void train_tutorial(struct fann *ann, int epochs) {
  for (int epoch = 0; epoch < epochs; epoch++) {
    for (int row = 0; row < 4; row++) {
      fann_train(ann, (fann_type *)tutorial_inputs[row], (fann_type *)tutorial_targets[row]);
    }
  }
}

// W1: 1000 epochs x 4 rows = 4000 SGD steps, timed in-process.
static int run_w1(int reps, int epochs, const char *save_path) {
  double *times = malloc(sizeof(double) * (size_t)reps);
  fann_type emily = 0, frank = 0;
  for (int r = 0; r < reps; r++) {
    struct fann *ann = make_tutorial_network();
    double start = now_seconds();
    train_tutorial(ann, epochs);
    times[r] = now_seconds() - start;
    fann_type e[2] = {-7, -3}, f[2] = {20, 2};
    emily = fann_run(ann, e)[0];
    frank = fann_run(ann, f)[0];
    if (save_path && r == reps - 1) fann_save(ann, save_path);
    fann_destroy(ann);
  }
  double ms = median(times, reps) * 1e3;
  char note[160];
  snprintf(note, sizeof note, "emily=%.3f frank=%.3f", (double)emily, (double)frank);
  emit("W1", "train 2-2-1, in-process", ms, "ms", "lower", reps, note);
  emit("W1", "train 2-2-1 steps/s", 4.0 * epochs / (ms * 1e-3), "steps/s", "higher", reps, note);
  free(times);
  return 0;
}

// W1 as a whole process: build, train once, print the two predictions, save the network (when
// a path is given, as `nntool train` writes its model), exit.
static int run_w1_once(const char *save_path) {
  struct fann *ann = make_tutorial_network();
  train_tutorial(ann, 1000);
  fann_type e[2] = {-7, -3}, f[2] = {20, 2};
  printf("%.3f %.3f\n", (double)fann_run(ann, e)[0], (double)fann_run(ann, f)[0]);
  if (save_path && fann_save(ann, save_path) != 0) return 1;
  fann_destroy(ann);
  return 0;
}

// W2 batch 1: digits 64-32-10, 20 epochs of per-sample SGD over 1,797 rows.
// The data file is raw little-endian float32: rows of 64 inputs (already /16) then 10 one-hot
// targets (written by prepare_data.py).
static int run_w2(const char *path, int reps, int epochs) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    fprintf(stderr, "fann_bench: cannot open %s\n", path);
    return 2;
  }
  fseek(file, 0, SEEK_END);
  long bytes = ftell(file);
  fseek(file, 0, SEEK_SET);
  size_t rows = (size_t)bytes / (74 * sizeof(float));
  float *raw = malloc((size_t)bytes);
  if (fread(raw, 1, (size_t)bytes, file) != (size_t)bytes) return 2;
  fclose(file);
  fann_type *inputs = malloc(sizeof(fann_type) * rows * 64);
  fann_type *targets = malloc(sizeof(fann_type) * rows * 10);
  for (size_t i = 0; i < rows; i++) {
    for (int j = 0; j < 64; j++) inputs[i * 64 + j] = raw[i * 74 + j];
    for (int j = 0; j < 10; j++) targets[i * 10 + j] = raw[i * 74 + 64 + j];
  }
  double *times = malloc(sizeof(double) * (size_t)reps);
  double accuracy = 0;
  for (int r = 0; r < reps; r++) {
    srand(42);
    struct fann *ann = fann_create_standard(3, 64, 32, 10);
    fann_randomize_weights(ann, -0.1f, 0.1f);
    fann_set_activation_function_hidden(ann, FANN_SIGMOID);
    fann_set_activation_function_output(ann, FANN_SIGMOID);
    fann_set_train_error_function(ann, FANN_ERRORFUNC_LINEAR);
    fann_set_training_algorithm(ann, FANN_TRAIN_INCREMENTAL);
    fann_set_learning_rate(ann, 0.2f);
    fann_set_learning_momentum(ann, 0.0f);
    double start = now_seconds();
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (size_t i = 0; i < rows; i++) fann_train(ann, inputs + i * 64, targets + i * 10);
    }
    times[r] = now_seconds() - start;
    size_t correct = 0;
    for (size_t i = 0; i < rows; i++) {
      fann_type *out = fann_run(ann, inputs + i * 64);
      int best = 0, label = 0;
      for (int j = 1; j < 10; j++) {
        if (out[j] > out[best]) best = j;
        if (targets[i * 10 + j] > targets[i * 10 + label]) label = j;
      }
      correct += best == label;
    }
    accuracy = (double)correct / (double)rows;
    fann_destroy(ann);
  }
  double seconds = median(times, reps);
  char note[160];
  snprintf(note, sizeof note, "sigmoid+MSE outputs (FANN has no softmax); train accuracy %.3f",
           accuracy);
  emit("W2", "digits batch 1", (double)rows * epochs / seconds, "samples/s", "higher", reps, note);
  free(times);
  free(raw);
  free(inputs);
  free(targets);
  return 0;
}

// W4: one 2-2-1 query, latency in ns (mean of a long loop; median of several loops).
static int run_w4(int reps, long iterations) {
  struct fann *ann = make_tutorial_network();
  train_tutorial(ann, 1000);
  double *times = malloc(sizeof(double) * (size_t)reps);
  volatile fann_type sink = 0;
  fann_type input[2] = {-7, -3};
  for (int r = 0; r < reps; r++) {
    double start = now_seconds();
    for (long i = 0; i < iterations; i++) {
      input[0] = (fann_type)(i & 7) - 7;  // a varying input, so nothing can be hoisted
      sink += fann_run(ann, input)[0];
    }
    times[r] = (now_seconds() - start) / (double)iterations;
  }
  emit("W4", "2-2-1 one sample", median(times, reps) * 1e9, "ns", "lower", reps, "");
  fann_destroy(ann);
  free(times);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr,
            "usage: fann_bench w1 REPS [EPOCHS [SAVE.net]] | w1-once [SAVE.net] | w2 DATA REPS EPOCHS |"
            " w4 REPS ITERATIONS\n");
    return 2;
  }
  if (!strcmp(argv[1], "w1") && argc >= 3) {
    int epochs = argc >= 4 ? atoi(argv[3]) : 1000;
    return run_w1(atoi(argv[2]), epochs, argc >= 5 ? argv[4] : NULL);
  }
  if (!strcmp(argv[1], "w1-once")) return run_w1_once(argc >= 3 ? argv[2] : NULL);
  if (!strcmp(argv[1], "w2") && argc >= 5) return run_w2(argv[2], atoi(argv[3]), atoi(argv[4]));
  if (!strcmp(argv[1], "w4") && argc >= 4) return run_w4(atoi(argv[2]), atol(argv[3]));
  fprintf(stderr, "fann_bench: unknown command\n");
  return 2;
}
