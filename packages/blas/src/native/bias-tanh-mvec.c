/*
 * z = tanh(z + b) in place over a row-major rows × cols block, on glibc's vector math library
 * (libmvec): the widest variant this CPU runs, picked once at load with __builtin_cpu_supports.
 * Compiled into the addon only where the build script's probe links and runs libmvec's tanh
 * (x86-64, glibc >= 2.35); elsewhere the addon has no biasTanh and the wasm kernel stays in use.
 *
 * biasTanh(z, rows, cols, b, bOffset): z from element 0 (row stride cols), the bias row from
 * b[bOffset]; z and b both Float32Array or both Float64Array.
 *
 * A row's last partial vector goes through the same vector function, zero-padded in a local
 * buffer, so an element's result never depends on its column: same inputs, same bits.
 */
#define NAPI_VERSION 8
#include <immintrin.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bias-tanh-mvec.h"

/* libmvec's vector tanh (x86-64 vector function ABI names: b = SSE, d = AVX2, e = AVX-512). */
extern __m128 _ZGVbN4v_tanhf(__m128);
extern __m128d _ZGVbN2v_tanh(__m128d);
__attribute__((target("avx2"))) extern __m256 _ZGVdN8v_tanhf(__m256);
__attribute__((target("avx2"))) extern __m256d _ZGVdN4v_tanh(__m256d);
__attribute__((target("avx512f"))) extern __m512 _ZGVeN16v_tanhf(__m512);
__attribute__((target("avx512f"))) extern __m512d _ZGVeN8v_tanh(__m512d);

typedef void (*bias_tanh_f32)(float *z, int64_t rows, int64_t cols, const float *b);
typedef void (*bias_tanh_f64)(double *z, int64_t rows, int64_t cols, const double *b);

/* One loop per ISA: W lanes of T with vector type V, loads/stores unaligned. */
#define BIAS_TANH_LOOP(NAME, TARGET, T, V, W, LOAD, STORE, ADD, TANH)                    \
  __attribute__((target(TARGET))) static void NAME(T *z, int64_t rows, int64_t cols,     \
                                                   const T *b) {                         \
    for (int64_t r = 0; r < rows; r++) {                                                 \
      T *row = z + r * cols;                                                             \
      int64_t j = 0;                                                                     \
      for (; j + W <= cols; j += W) STORE(row + j, TANH(ADD(LOAD(row + j), LOAD(b + j)))); \
      if (j < cols) {                                                                    \
        T pad[W];                                                                        \
        memset(pad, 0, sizeof pad);                                                      \
        for (int64_t t = j; t < cols; t++) pad[t - j] = row[t] + b[t];                   \
        STORE(pad, TANH(LOAD(pad)));                                                     \
        memcpy(row + j, pad, (size_t)(cols - j) * sizeof(T));                            \
      }                                                                                  \
    }                                                                                    \
  }

BIAS_TANH_LOOP(bias_tanh_f32_sse, "sse2", float, __m128, 4, _mm_loadu_ps, _mm_storeu_ps, _mm_add_ps,
               _ZGVbN4v_tanhf)
BIAS_TANH_LOOP(bias_tanh_f64_sse, "sse2", double, __m128d, 2, _mm_loadu_pd, _mm_storeu_pd, _mm_add_pd,
               _ZGVbN2v_tanh)
BIAS_TANH_LOOP(bias_tanh_f32_avx2, "avx2", float, __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps,
               _mm256_add_ps, _ZGVdN8v_tanhf)
BIAS_TANH_LOOP(bias_tanh_f64_avx2, "avx2", double, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd,
               _mm256_add_pd, _ZGVdN4v_tanh)
BIAS_TANH_LOOP(bias_tanh_f32_avx512, "avx512f", float, __m512, 16, _mm512_loadu_ps, _mm512_storeu_ps,
               _mm512_add_ps, _ZGVeN16v_tanhf)
BIAS_TANH_LOOP(bias_tanh_f64_avx512, "avx512f", double, __m512d, 8, _mm512_loadu_pd, _mm512_storeu_pd,
               _mm512_add_pd, _ZGVeN8v_tanh)

static bias_tanh_f32 pick_f32;
static bias_tanh_f64 pick_f64;
static const char *pick_name;

static void pick_variant(void) {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) {
    pick_f32 = bias_tanh_f32_avx512, pick_f64 = bias_tanh_f64_avx512, pick_name = "avx512";
  } else if (__builtin_cpu_supports("avx2")) {
    pick_f32 = bias_tanh_f32_avx2, pick_f64 = bias_tanh_f64_avx2, pick_name = "avx2";
  } else {
    pick_f32 = bias_tanh_f32_sse, pick_f64 = bias_tanh_f64_sse, pick_name = "sse";
  }
}

static void throw_type(napi_env env, const char *message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_type_error(env, "ERR_SHARDWISE_BLAS", message);
}

static void throw_range(napi_env env, const char *message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_range_error(env, "ERR_SHARDWISE_BLAS", message);
}

static bool get_index(napi_env env, napi_value value, const char *name, int64_t *out) {
  double d = 0;
  char message[128];
  if (napi_get_value_double(env, value, &d) != napi_ok || !(d >= 0 && d <= (double)INT32_MAX && d == (int64_t)d)) {
    snprintf(message, sizeof message, "biasTanh: %s must be an integer in [0, %d]", name, INT32_MAX);
    throw_range(env, message);
    return false;
  }
  *out = (int64_t)d;
  return true;
}

static bool get_array(napi_env env, napi_value value, const char *name, napi_typedarray_type *type,
                      size_t *length, void **data) {
  bool is_typed = false;
  char message[128];
  napi_value buffer;
  size_t byte_offset;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, value, type, length, data, &buffer, &byte_offset) != napi_ok ||
      (*type != napi_float32_array && *type != napi_float64_array)) {
    snprintf(message, sizeof message, "biasTanh: %s must be a Float32Array or Float64Array", name);
    throw_type(env, message);
    return false;
  }
  return true;
}

static napi_value bias_tanh(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc != 5) {
    throw_type(env, "biasTanh takes 5 arguments (z, rows, cols, b, bOffset)");
    return NULL;
  }
  napi_typedarray_type z_type, b_type;
  size_t z_length, b_length;
  void *z, *b;
  int64_t rows, cols, b_offset;
  if (!get_array(env, argv[0], "z", &z_type, &z_length, &z) || !get_index(env, argv[1], "rows", &rows) ||
      !get_index(env, argv[2], "cols", &cols) || !get_array(env, argv[3], "b", &b_type, &b_length, &b) ||
      !get_index(env, argv[4], "bOffset", &b_offset)) {
    return NULL;
  }
  if (z_type != b_type) {
    throw_type(env, "biasTanh: z and b must both be Float32Array or both Float64Array");
    return NULL;
  }
  if ((uint64_t)(rows * cols) > (uint64_t)z_length || (uint64_t)(b_offset + cols) > (uint64_t)b_length) {
    throw_range(env, "biasTanh: rows × cols is past the end of z, or bOffset + cols past the end of b");
    return NULL;
  }
  if (rows == 0 || cols == 0) return NULL;
  if (z_type == napi_float32_array) pick_f32((float *)z, rows, cols, (const float *)b + b_offset);
  else pick_f64((double *)z, rows, cols, (const double *)b + b_offset);
  return NULL;
}

bool shardwise_register_bias_tanh(napi_env env, napi_value exports) {
  pick_variant();
  napi_value fn, name;
  if (napi_create_function(env, "biasTanh", NAPI_AUTO_LENGTH, bias_tanh, NULL, &fn) != napi_ok) return false;
  if (napi_set_named_property(env, exports, "biasTanh", fn) != napi_ok) return false;
  if (napi_create_string_utf8(env, pick_name, NAPI_AUTO_LENGTH, &name) != napi_ok) return false;
  return napi_set_named_property(env, exports, "tanhVariant", name) == napi_ok;
}
