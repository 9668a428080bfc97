/*
 * shardwise's Node-API addon over CBLAS: one GEMM on typed arrays in place (zero copy; views into
 * a SharedArrayBuffer or a WebAssembly.Memory included), with every operand's extent checked
 * against its length before the BLAS sees a pointer, and every error a JavaScript exception.
 *
 * gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc)
 * follows core's GemmFn contract: C = alpha * op(A) * op(B) + beta * C, row-major, offsets and
 * strides in elements; a, b and c are all Float32Array (cblas_sgemm) or all Float64Array
 * (cblas_dgemm).
 *
 * The library's own threads are turned off at load (openblas_set_num_threads(1), or BLIS's
 * bli_thread_set_num_threads(1)), found with dlsym in whichever library provides cblas_sgemm,
 * so the addon also builds and runs against a CBLAS without those symbols.
 *
 * Built with -DSHARDWISE_MVEC (where glibc's libmvec links), it also exports biasTanh
 * (bias-tanh-mvec.c).
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <cblas.h>
#include <dlfcn.h>
#include <limits.h>
#include <math.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef SHARDWISE_MVEC
#include "bias-tanh-mvec.h"
#endif

#define ARGC 16

/* Throws `message` as a TypeError or RangeError unless an exception is already pending. */
static void throw_error(napi_env env, bool range, const char *message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) return;
  if (range) napi_throw_range_error(env, "ERR_SHARDWISE_BLAS", message);
  else napi_throw_type_error(env, "ERR_SHARDWISE_BLAS", message);
}

/* Argument `index` as a non-negative integer that fits CBLAS's int; false (and thrown) otherwise. */
static bool get_count(napi_env env, napi_value value, const char *name, int64_t *out) {
  char message[128];
  double d = 0;
  if (napi_get_value_double(env, value, &d) != napi_ok) {
    snprintf(message, sizeof message, "gemm: %s must be a number", name);
    throw_error(env, false, message);
    return false;
  }
  if (!(d >= 0 && d <= INT_MAX && d == floor(d))) {
    snprintf(message, sizeof message, "gemm: %s must be an integer in [0, %d], got %g", name, INT_MAX, d);
    throw_error(env, true, message);
    return false;
  }
  *out = (int64_t)d;
  return true;
}

static bool get_bool(napi_env env, napi_value value, const char *name, bool *out) {
  if (napi_get_value_bool(env, value, out) == napi_ok) return true;
  char message[96];
  snprintf(message, sizeof message, "gemm: %s must be a boolean", name);
  throw_error(env, false, message);
  return false;
}

static bool get_scalar(napi_env env, napi_value value, const char *name, double *out) {
  if (napi_get_value_double(env, value, out) == napi_ok) return true;
  char message[96];
  snprintf(message, sizeof message, "gemm: %s must be a number", name);
  throw_error(env, false, message);
  return false;
}

/* One operand: its data, element type and length in elements. */
typedef struct {
  napi_typedarray_type type;
  size_t length;
  void *data;
} operand;

static bool get_operand(napi_env env, napi_value value, const char *name, operand *out) {
  bool is_typed = false;
  char message[128];
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) {
    snprintf(message, sizeof message, "gemm: %s must be a Float32Array or Float64Array", name);
    throw_error(env, false, message);
    return false;
  }
  napi_value buffer;
  size_t byte_offset = 0;
  if (napi_get_typedarray_info(env, value, &out->type, &out->length, &out->data, &buffer, &byte_offset) !=
      napi_ok) {
    throw_error(env, false, "gemm: cannot read a typed array's storage");
    return false;
  }
  if (out->type != napi_float32_array && out->type != napi_float64_array) {
    snprintf(message, sizeof message, "gemm: %s must be a Float32Array or Float64Array", name);
    throw_error(env, false, message);
    return false;
  }
  return true;
}

/*
 * Whether a `rows` × `cols` matrix stored from element `offset` with row stride `ld` lies inside
 * an array of `length` elements; throws a RangeError naming the operand otherwise. CBLAS requires
 * ld >= max(1, cols) even for an empty matrix.
 */
static bool check_extent(napi_env env, const char *name, int64_t rows, int64_t cols, int64_t offset,
                         int64_t ld, size_t length) {
  char message[200];
  int64_t min_ld = cols > 1 ? cols : 1;
  if (ld < min_ld) {
    snprintf(message, sizeof message, "gemm: ld%s = %lld is below the %lld columns %s has as stored", name,
             (long long)ld, (long long)min_ld, name);
    throw_error(env, true, message);
    return false;
  }
  if (rows == 0 || cols == 0) return true;
  /* All terms are below 2^31, so the sum is far from overflowing 64 bits. */
  int64_t end = offset + (rows - 1) * ld + cols;
  if ((uint64_t)end > (uint64_t)length) {
    snprintf(message, sizeof message,
             "gemm: %s (%lld x %lld from element %lld, row stride %lld) ends at element %lld, past its "
             "length %zu",
             name, (long long)rows, (long long)cols, (long long)offset, (long long)ld, (long long)end, length);
    throw_error(env, true, message);
    return false;
  }
  return true;
}

static napi_value gemm(napi_env env, napi_callback_info info) {
  size_t argc = ARGC;
  napi_value argv[ARGC];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc != ARGC) {
    char message[96];
    snprintf(message, sizeof message, "gemm takes %d arguments, got %zu", ARGC, argc);
    throw_error(env, false, message);
    return NULL;
  }
  bool trans_a, trans_b;
  int64_t m, n, k, a_off, lda, b_off, ldb, c_off, ldc;
  double alpha, beta;
  operand a, b, c;
  if (!get_bool(env, argv[0], "transA", &trans_a) || !get_bool(env, argv[1], "transB", &trans_b) ||
      !get_count(env, argv[2], "m", &m) || !get_count(env, argv[3], "n", &n) ||
      !get_count(env, argv[4], "k", &k) || !get_scalar(env, argv[5], "alpha", &alpha) ||
      !get_operand(env, argv[6], "a", &a) || !get_count(env, argv[7], "aOffset", &a_off) ||
      !get_count(env, argv[8], "lda", &lda) || !get_operand(env, argv[9], "b", &b) ||
      !get_count(env, argv[10], "bOffset", &b_off) || !get_count(env, argv[11], "ldb", &ldb) ||
      !get_scalar(env, argv[12], "beta", &beta) || !get_operand(env, argv[13], "c", &c) ||
      !get_count(env, argv[14], "cOffset", &c_off) || !get_count(env, argv[15], "ldc", &ldc)) {
    return NULL;
  }
  if (a.type != c.type || b.type != c.type) {
    throw_error(env, false, "gemm: a, b and c must all be Float32Array or all Float64Array");
    return NULL;
  }
  /* A is stored k × m when transposed, m × k otherwise; B is n × k or k × n; C is m × n. */
  if (!check_extent(env, "a", trans_a ? k : m, trans_a ? m : k, a_off, lda, a.length) ||
      !check_extent(env, "b", trans_b ? n : k, trans_b ? k : n, b_off, ldb, b.length) ||
      !check_extent(env, "c", m, n, c_off, ldc, c.length)) {
    return NULL;
  }
  if (m == 0 || n == 0) return NULL;
  enum CBLAS_TRANSPOSE ta = trans_a ? CblasTrans : CblasNoTrans;
  enum CBLAS_TRANSPOSE tb = trans_b ? CblasTrans : CblasNoTrans;
  if (c.type == napi_float32_array) {
    cblas_sgemm(CblasRowMajor, ta, tb, (int)m, (int)n, (int)k, (float)alpha, (const float *)a.data + a_off,
                (int)lda, (const float *)b.data + b_off, (int)ldb, (float)beta, (float *)c.data + c_off,
                (int)ldc);
  } else {
    cblas_dgemm(CblasRowMajor, ta, tb, (int)m, (int)n, (int)k, alpha, (const double *)a.data + a_off, (int)lda,
                (const double *)b.data + b_off, (int)ldb, beta, (double *)c.data + c_off, (int)ldc);
  }
  return NULL;
}

/* The library that provides cblas_sgemm, for looking up its vendor-specific functions. */
static void *blas_library(void) {
  Dl_info where;
  if (dladdr((void *)&cblas_sgemm, &where) == 0 || where.dli_fname == NULL) return NULL;
  return dlopen(where.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
}

static void *blas_symbol(void *library, const char *name) {
  void *found = library ? dlsym(library, name) : NULL;
  return found ? found : dlsym(RTLD_DEFAULT, name);
}

static napi_value string_or_null(napi_env env, const char *text) {
  napi_value out;
  if (text) napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &out);
  else napi_get_null(env, &out);
  return out;
}

/* Sets the library's thread count to 1 and describes it: { vendor, corename, config, library, threadsPinned }. */
static napi_value describe_and_pin(napi_env env) {
  void *library = blas_library();
  void (*openblas_threads)(int) = (void (*)(int))blas_symbol(library, "openblas_set_num_threads");
  char *(*openblas_corename)(void) = (char *(*)(void))blas_symbol(library, "openblas_get_corename");
  char *(*openblas_config)(void) = (char *(*)(void))blas_symbol(library, "openblas_get_config");
  void (*blis_threads)(long) = (void (*)(long))blas_symbol(library, "bli_thread_set_num_threads");
  char *(*blis_version)(void) = (char *(*)(void))blas_symbol(library, "bli_info_get_version_str");
  int (*blis_arch)(void) = (int (*)(void))blas_symbol(library, "bli_arch_query_id");
  const char *(*blis_arch_name)(int) = (const char *(*)(int))blas_symbol(library, "bli_arch_string");
  const char *vendor = "CBLAS";
  const char *corename = NULL;
  const char *config = NULL;
  if (openblas_threads) {
    openblas_threads(1);
    vendor = "OpenBLAS";
    corename = openblas_corename ? openblas_corename() : NULL;
    config = openblas_config ? openblas_config() : NULL;
  } else if (blis_threads) {
    blis_threads(1);
    vendor = "BLIS";
    config = blis_version ? blis_version() : NULL;
    corename = blis_arch && blis_arch_name ? blis_arch_name(blis_arch()) : NULL;
  }
  Dl_info where;
  const char *path = dladdr((void *)&cblas_sgemm, &where) != 0 ? where.dli_fname : NULL;
  napi_value out;
  napi_create_object(env, &out);
  napi_set_named_property(env, out, "vendor", string_or_null(env, vendor));
  napi_set_named_property(env, out, "corename", string_or_null(env, corename));
  napi_set_named_property(env, out, "config", string_or_null(env, config));
  napi_set_named_property(env, out, "library", string_or_null(env, path));
  napi_value pinned;
  napi_get_boolean(env, openblas_threads != NULL || blis_threads != NULL, &pinned);
  napi_set_named_property(env, out, "threadsPinned", pinned);
  return out;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "gemm", NAPI_AUTO_LENGTH, gemm, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "gemm", fn) != napi_ok) return NULL;
  napi_value info = describe_and_pin(env);
  if (napi_set_named_property(env, exports, "info", info) != napi_ok) return NULL;
#ifdef SHARDWISE_MVEC
  if (!shardwise_register_bias_tanh(env, exports)) return NULL;
#endif
  return exports;
}
