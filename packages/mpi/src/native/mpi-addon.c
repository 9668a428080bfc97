/*
 * shardwise's Node-API addon over the MPI C API (OpenMPI or MPICH): what a data-parallel engine
 * needs, on typed arrays in place (zero copy; views into a SharedArrayBuffer or a
 * WebAssembly.Memory included).
 *
 *   init() -> { rank, size, threadLevel, library }   MPI_Init_thread(MPI_THREAD_FUNNELED), once
 *   allgatherv(data, counts, displs)                 MPI_Allgatherv(MPI_IN_PLACE, ...) over data
 *   allreduceSum(data)                               MPI_Allreduce(MPI_IN_PLACE, ..., MPI_SUM)
 *   broadcast(view, root)                            MPI_Bcast of the view's bytes
 *   barrier()                                        MPI_Barrier
 *   abort(code)                                      MPI_Abort: ends every rank, does not return
 *   finalize()                                       MPI_Finalize (idempotent; no-op before init)
 *
 * MPI state is per process while Node-API functions exist per thread (the addon loads in worker
 * threads too), so the state lives in globals: the thread that called init() is the only one
 * allowed to call MPI afterwards (MPI_THREAD_FUNNELED); any other thread gets an Error. Every
 * argument is checked before MPI sees a pointer (TypeError/RangeError, nothing touched), and
 * MPI_COMM_WORLD returns errors (MPI_ERRORS_RETURN) that become Errors with MPI's own string.
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <dlfcn.h>
#include <limits.h>
#include <math.h>
#include <mpi.h>
#include <node_api.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ERROR_CODE "ERR_SHARDWISE_MPI"

enum state { NOT_STARTED = 0, RUNNING = 1, FINALIZED = 2 };

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int mpi_state = NOT_STARTED;
static pthread_t mpi_thread; /* the thread that called init(); set before mpi_state becomes RUNNING */
static int world_rank = 0;
static int world_size = 0;
static int thread_level = MPI_THREAD_SINGLE;
static char library_line[MPI_MAX_LIBRARY_VERSION_STRING + 1];
/* Scratch of world_size entries, allocated once at init: allgatherv copies counts/displs here
 * (a SharedArrayBuffer could change under it between the check and the call) and sorts blocks
 * by start to check that none overlap. Nothing is allocated per call. */
static int *counts_copy = NULL;
static int *displs_copy = NULL;
static int *block_order = NULL;

/* Throws `message` as a TypeError, RangeError or Error unless an exception is already pending. */
enum kind { TYPE_ERROR, RANGE_ERROR, PLAIN_ERROR };
static void throw_error(napi_env env, enum kind kind, const char *message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) return;
  if (kind == TYPE_ERROR) napi_throw_type_error(env, ERROR_CODE, message);
  else if (kind == RANGE_ERROR) napi_throw_range_error(env, ERROR_CODE, message);
  else napi_throw_error(env, ERROR_CODE, message);
}

/* Turns an MPI return code into an Error "<call> failed: <MPI's error string>"; true if it was success. */
static bool check_mpi(napi_env env, int rc, const char *call) {
  if (rc == MPI_SUCCESS) return true;
  char text[MPI_MAX_ERROR_STRING + 1] = "unknown MPI error";
  int length = 0;
  if (MPI_Error_string(rc, text, &length) == MPI_SUCCESS) text[length] = '\0';
  char message[MPI_MAX_ERROR_STRING + 96];
  snprintf(message, sizeof message, "%s failed: %s", call, text);
  throw_error(env, PLAIN_ERROR, message);
  return false;
}

/* Whether `name` may call MPI now: after init, before finalize, on the thread that called init. */
static bool check_running(napi_env env, const char *name) {
  char message[160];
  int state = atomic_load(&mpi_state);
  if (state == NOT_STARTED) {
    snprintf(message, sizeof message, "%s: MPI is not initialised (call init() first)", name);
  } else if (state == FINALIZED) {
    snprintf(message, sizeof message, "%s: MPI has been finalized", name);
  } else if (!pthread_equal(pthread_self(), mpi_thread)) {
    snprintf(message, sizeof message,
             "%s: called from another thread than the one that called init() (MPI_THREAD_FUNNELED)", name);
  } else {
    return true;
  }
  throw_error(env, PLAIN_ERROR, message);
  return false;
}

static bool get_args(napi_env env, napi_callback_info info, size_t expected, napi_value *argv, const char *name) {
  size_t argc = expected;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return false;
  if (argc < expected) {
    char message[96];
    snprintf(message, sizeof message, "%s takes %zu argument%s, got %zu", name, expected, expected == 1 ? "" : "s",
             argc);
    throw_error(env, TYPE_ERROR, message);
    return false;
  }
  return true;
}

/* An integer in [low, high]; TypeError for a non-number, RangeError otherwise. */
static bool get_int(napi_env env, napi_value value, const char *name, double low, double high, int *out) {
  char message[160];
  double d = 0;
  if (napi_get_value_double(env, value, &d) != napi_ok) {
    snprintf(message, sizeof message, "%s must be a number", name);
    throw_error(env, TYPE_ERROR, message);
    return false;
  }
  if (!(d >= low && d <= high && d == floor(d))) {
    snprintf(message, sizeof message, "%s must be an integer in [%.0f, %.0f], got %g", name, low, high, d);
    throw_error(env, RANGE_ERROR, message);
    return false;
  }
  *out = (int)d;
  return true;
}

/* A typed array's element type, length in elements and data (a non-null pointer even when empty). */
typedef struct {
  napi_typedarray_type type;
  size_t length;
  void *data;
} typed_view;

static char empty_storage;

static bool get_typed_array(napi_env env, napi_value value, typed_view *out) {
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return false;
  napi_value buffer;
  size_t byte_offset = 0;
  if (napi_get_typedarray_info(env, value, &out->type, &out->length, &out->data, &buffer, &byte_offset) !=
      napi_ok) {
    return false;
  }
  if (out->data == NULL) out->data = &empty_storage;
  return true;
}

/* A Float32Array or Float64Array and its MPI datatype; TypeError otherwise. */
static bool get_float_array(napi_env env, napi_value value, const char *name, typed_view *out,
                            MPI_Datatype *datatype) {
  if (get_typed_array(env, value, out)) {
    if (out->type == napi_float32_array) {
      *datatype = MPI_FLOAT;
      return true;
    }
    if (out->type == napi_float64_array) {
      *datatype = MPI_DOUBLE;
      return true;
    }
  }
  char message[128];
  snprintf(message, sizeof message, "%s: data must be a Float32Array or Float64Array", name);
  throw_error(env, TYPE_ERROR, message);
  return false;
}

/* An Int32Array of exactly world_size entries; TypeError/RangeError otherwise. */
static bool get_rank_table(napi_env env, napi_value value, const char *name, const int **out) {
  typed_view view;
  char message[160];
  if (!get_typed_array(env, value, &view) || view.type != napi_int32_array) {
    snprintf(message, sizeof message, "allgatherv: %s must be an Int32Array", name);
    throw_error(env, TYPE_ERROR, message);
    return false;
  }
  if (view.length != (size_t)world_size) {
    snprintf(message, sizeof message, "allgatherv: %s has %zu entries, expected one per rank (%d)", name,
             view.length, world_size);
    throw_error(env, RANGE_ERROR, message);
    return false;
  }
  *out = (const int *)view.data;
  return true;
}

static int compare_block_start(const void *a, const void *b) {
  int x = displs_copy[*(const int *)a], y = displs_copy[*(const int *)b];
  return (x > y) - (x < y);
}

/* Rank r's block [displs[r], displs[r] + counts[r]) lies inside `length` elements and no two blocks overlap. */
static bool check_blocks(napi_env env, size_t length) {
  char message[200];
  for (int r = 0; r < world_size; r++) {
    if (counts_copy[r] < 0 || displs_copy[r] < 0) {
      snprintf(message, sizeof message, "allgatherv: rank %d's block has count %d and displacement %d; both must be >= 0",
               r, counts_copy[r], displs_copy[r]);
      throw_error(env, RANGE_ERROR, message);
      return false;
    }
    if ((uint64_t)displs_copy[r] + (uint64_t)counts_copy[r] > (uint64_t)length) {
      snprintf(message, sizeof message,
               "allgatherv: rank %d's block (%d elements from element %d) ends past the data's length %zu", r,
               counts_copy[r], displs_copy[r], length);
      throw_error(env, RANGE_ERROR, message);
      return false;
    }
    block_order[r] = r;
  }
  qsort(block_order, (size_t)world_size, sizeof *block_order, compare_block_start);
  int64_t end = 0;
  int last = -1;
  for (int i = 0; i < world_size; i++) {
    int r = block_order[i];
    if (counts_copy[r] == 0) continue;
    if (last >= 0 && displs_copy[r] < end) {
      snprintf(message, sizeof message, "allgatherv: the blocks of ranks %d and %d overlap", last, r);
      throw_error(env, RANGE_ERROR, message);
      return false;
    }
    end = (int64_t)displs_copy[r] + counts_copy[r];
    last = r;
  }
  return true;
}

static napi_value js_allgatherv(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  typed_view data;
  MPI_Datatype datatype;
  const int *counts, *displs;
  if (!get_args(env, info, 3, argv, "allgatherv") || !check_running(env, "allgatherv") ||
      !get_float_array(env, argv[0], "allgatherv", &data, &datatype) ||
      !get_rank_table(env, argv[1], "counts", &counts) || !get_rank_table(env, argv[2], "displs", &displs)) {
    return NULL;
  }
  memcpy(counts_copy, counts, (size_t)world_size * sizeof *counts_copy);
  memcpy(displs_copy, displs, (size_t)world_size * sizeof *displs_copy);
  if (!check_blocks(env, data.length)) return NULL;
  check_mpi(env,
            MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, data.data, counts_copy, displs_copy, datatype,
                           MPI_COMM_WORLD),
            "MPI_Allgatherv");
  return NULL;
}

static napi_value js_allreduce_sum(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  typed_view data;
  MPI_Datatype datatype;
  if (!get_args(env, info, 1, argv, "allreduceSum") || !check_running(env, "allreduceSum") ||
      !get_float_array(env, argv[0], "allreduceSum", &data, &datatype)) {
    return NULL;
  }
  if (data.length > INT_MAX) {
    char message[128];
    snprintf(message, sizeof message, "allreduceSum: %zu elements is more than MPI's count limit %d", data.length,
             INT_MAX);
    throw_error(env, RANGE_ERROR, message);
    return NULL;
  }
  if (data.length == 0) return NULL;
  check_mpi(env, MPI_Allreduce(MPI_IN_PLACE, data.data, (int)data.length, datatype, MPI_SUM, MPI_COMM_WORLD),
            "MPI_Allreduce");
  return NULL;
}

static napi_value js_broadcast(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int root = 0;
  if (!get_args(env, info, 2, argv, "broadcast") || !check_running(env, "broadcast")) return NULL;
  bool is_typed = false, is_dataview = false;
  napi_is_typedarray(env, argv[0], &is_typed);
  napi_is_dataview(env, argv[0], &is_dataview);
  void *bytes = NULL;
  size_t byte_length = 0;
  if (is_typed) {
    typed_view view;
    if (!get_typed_array(env, argv[0], &view)) return NULL;
    static const size_t element_size[] = {
        [napi_int8_array] = 1,    [napi_uint8_array] = 1,   [napi_uint8_clamped_array] = 1,
        [napi_int16_array] = 2,   [napi_uint16_array] = 2,  [napi_int32_array] = 4,
        [napi_uint32_array] = 4,  [napi_float32_array] = 4, [napi_float64_array] = 8,
        [napi_bigint64_array] = 8, [napi_biguint64_array] = 8,
    };
    if ((size_t)view.type >= sizeof element_size / sizeof element_size[0] || element_size[view.type] == 0) {
      throw_error(env, TYPE_ERROR, "broadcast: unsupported typed array element type");
      return NULL;
    }
    bytes = view.data;
    byte_length = view.length * element_size[view.type];
  } else if (is_dataview) {
    napi_value buffer;
    size_t byte_offset = 0;
    if (napi_get_dataview_info(env, argv[0], &byte_length, &bytes, &buffer, &byte_offset) != napi_ok) return NULL;
    if (bytes == NULL) bytes = &empty_storage;
  } else {
    throw_error(env, TYPE_ERROR, "broadcast: data must be a typed array or a DataView");
    return NULL;
  }
  if (!get_int(env, argv[1], "broadcast: root", 0, world_size - 1, &root)) return NULL;
  if (byte_length > INT_MAX) {
    char message[128];
    snprintf(message, sizeof message, "broadcast: %zu bytes is more than MPI's count limit %d", byte_length, INT_MAX);
    throw_error(env, RANGE_ERROR, message);
    return NULL;
  }
  if (byte_length == 0) return NULL;
  check_mpi(env, MPI_Bcast(bytes, (int)byte_length, MPI_BYTE, root, MPI_COMM_WORLD), "MPI_Bcast");
  return NULL;
}

static napi_value js_barrier(napi_env env, napi_callback_info info) {
  (void)info;
  if (!check_running(env, "barrier")) return NULL;
  check_mpi(env, MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
  return NULL;
}

static napi_value js_abort(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int code = 1;
  if (!get_args(env, info, 1, argv, "abort") || !get_int(env, argv[0], "abort: code", 0, 255, &code) ||
      !check_running(env, "abort")) {
    return NULL;
  }
  fflush(stdout);
  fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, code);
  _exit(code == 0 ? 1 : code); /* MPI_Abort does not return; should a library's do so, still end here. */
}

static napi_value js_finalize(napi_env env, napi_callback_info info) {
  (void)info;
  int state = atomic_load(&mpi_state);
  if (state != RUNNING) return NULL;
  if (!check_running(env, "finalize")) return NULL;
  int rc = MPI_Finalize();
  atomic_store(&mpi_state, FINALIZED);
  check_mpi(env, rc, "MPI_Finalize");
  return NULL;
}

static const char *thread_level_name(int level) {
  if (level == MPI_THREAD_FUNNELED) return "funneled";
  if (level == MPI_THREAD_SERIALIZED) return "serialized";
  if (level == MPI_THREAD_MULTIPLE) return "multiple";
  return "single";
}

/* The first line of MPI_Get_library_version, with runs of blanks folded to one space. */
static void read_library_line(void) {
  char text[MPI_MAX_LIBRARY_VERSION_STRING + 1] = "";
  int length = 0;
  if (MPI_Get_library_version(text, &length) != MPI_SUCCESS) length = 0;
  text[length] = '\0';
  size_t out = 0;
  bool blank = false;
  for (const char *c = text; *c && *c != '\n' && *c != '\r'; c++) {
    bool is_blank = *c == ' ' || *c == '\t';
    if (is_blank && (blank || out == 0)) continue;
    library_line[out++] = is_blank ? ' ' : *c;
    blank = is_blank;
  }
  while (out > 0 && library_line[out - 1] == ' ') out--;
  library_line[out] = '\0';
}

static napi_value info_object(napi_env env) {
  napi_value out, rank, size, level, library;
  napi_create_object(env, &out);
  napi_create_int32(env, world_rank, &rank);
  napi_create_int32(env, world_size, &size);
  napi_create_string_utf8(env, thread_level_name(thread_level), NAPI_AUTO_LENGTH, &level);
  napi_create_string_utf8(env, library_line, NAPI_AUTO_LENGTH, &library);
  napi_set_named_property(env, out, "rank", rank);
  napi_set_named_property(env, out, "size", size);
  napi_set_named_property(env, out, "threadLevel", level);
  napi_set_named_property(env, out, "library", library);
  napi_object_freeze(env, out);
  return out;
}

/*
 * Makes libmpi's symbols global. Node opens addons RTLD_LOCAL, so the libraries they link are
 * local too, and MPI implementations that dlopen their own plugins (OpenMPI's MCA components)
 * can then miss symbols the plugins expect to find globally (mpi4py does the same).
 */
static void promote_libmpi(void) {
  Dl_info where;
  if (dladdr((void *)&MPI_Init_thread, &where) != 0 && where.dli_fname != NULL) {
    dlopen(where.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
  }
}

/*
 * Node's handlers for the signals a WebAssembly bounds check raises (V8's trap handler turns the
 * fault into a RuntimeError). MPI libraries install their own crash reporters on them in
 * MPI_Init (OpenMPI's opal_signal, UCX's error handling), which would turn every WebAssembly
 * trap into a crash of the rank: init() puts Node's back. (UCX loaded with the addon itself, as
 * MPICH's ch4:ucx does, is kept off them by UCX_HANDLE_ERRORS=none, which loadMpi sets.)
 */
static const int trap_signals[] = {SIGSEGV, SIGBUS};
#define TRAP_SIGNALS (sizeof trap_signals / sizeof trap_signals[0])

static void save_trap_handlers(struct sigaction *saved) {
  for (size_t i = 0; i < TRAP_SIGNALS; i++) sigaction(trap_signals[i], NULL, &saved[i]);
}

static void restore_trap_handlers(const struct sigaction *saved) {
  for (size_t i = 0; i < TRAP_SIGNALS; i++) sigaction(trap_signals[i], &saved[i], NULL);
}

static napi_value js_init(napi_env env, napi_callback_info info) {
  (void)info;
  pthread_mutex_lock(&init_lock);
  int state = atomic_load(&mpi_state);
  if (state == NOT_STARTED) {
    int already = 0;
    MPI_Initialized(&already);
    int rc = MPI_SUCCESS;
    promote_libmpi();
    struct sigaction node_handlers[TRAP_SIGNALS];
    save_trap_handlers(node_handlers);
    if (already) rc = MPI_Query_thread(&thread_level);
    else rc = MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &thread_level);
    restore_trap_handlers(node_handlers);
    if (rc == MPI_SUCCESS) rc = MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    if (rc == MPI_SUCCESS) rc = MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    if (rc == MPI_SUCCESS) rc = MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    if (rc != MPI_SUCCESS) {
      pthread_mutex_unlock(&init_lock);
      check_mpi(env, rc, "MPI_Init_thread");
      return NULL;
    }
    counts_copy = calloc((size_t)world_size, sizeof *counts_copy);
    displs_copy = calloc((size_t)world_size, sizeof *displs_copy);
    block_order = calloc((size_t)world_size, sizeof *block_order);
    if (!counts_copy || !displs_copy || !block_order) {
      pthread_mutex_unlock(&init_lock);
      throw_error(env, PLAIN_ERROR, "init: out of memory for the per-rank tables");
      return NULL;
    }
    read_library_line();
    mpi_thread = pthread_self();
    atomic_store(&mpi_state, RUNNING);
    state = RUNNING;
  }
  pthread_mutex_unlock(&init_lock);
  if (state == FINALIZED) {
    throw_error(env, PLAIN_ERROR, "init: MPI has been finalized and cannot start again in this process");
    return NULL;
  }
  if (!pthread_equal(pthread_self(), mpi_thread)) {
    throw_error(env, PLAIN_ERROR,
                "init: MPI was initialised by another thread of this process (MPI_THREAD_FUNNELED)");
    return NULL;
  }
  return info_object(env);
}

NAPI_MODULE_INIT() {
  static const struct {
    const char *name;
    napi_callback callback;
  } functions[] = {
      {"init", js_init},           {"allgatherv", js_allgatherv}, {"allreduceSum", js_allreduce_sum},
      {"broadcast", js_broadcast}, {"barrier", js_barrier},       {"abort", js_abort},
      {"finalize", js_finalize},
  };
  for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
    napi_value fn;
    if (napi_create_function(env, functions[i].name, NAPI_AUTO_LENGTH, functions[i].callback, NULL, &fn) !=
            napi_ok ||
        napi_set_named_property(env, exports, functions[i].name, fn) != napi_ok) {
      return NULL;
    }
  }
  return exports;
}
