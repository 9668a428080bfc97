import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FloatArray, GemmFn } from '@shardwise/core';

/** Which CBLAS the addon was linked against, as the library reports it at load. */
export interface NativeBlasInfo {
  /** 'OpenBLAS', 'BLIS', or 'CBLAS' for a library without either's extensions. */
  readonly vendor: string;
  /** The kernels picked for this CPU: OpenBLAS's `openblas_get_corename()` (e.g. 'Haswell'), BLIS's `bli_arch_string()`; null elsewhere. */
  readonly corename: string | null;
  /** OpenBLAS's build configuration, or BLIS's version; null for other libraries. */
  readonly config: string | null;
  /** Path of the shared library that provides `cblas_sgemm`. */
  readonly library: string | null;
  /** Whether the library's own threads were set to 1 at load (OpenBLAS and BLIS; unknown libraries are left alone). */
  readonly threadsPinned: boolean;
}

/** The loaded addon: core's GEMM contract on the system's CBLAS, and what that CBLAS is. */
export interface NativeBlas {
  /**
   * `C = alpha·op(A)·op(B) + beta·C` with cblas_sgemm (all three Float32Array) or cblas_dgemm (all
   * Float64Array), in place on the arrays' own memory; throws a TypeError or RangeError (and
   * touches nothing) when an operand's type or extent does not fit the sizes, offsets and strides.
   */
  readonly gemm: GemmFn;
  /** The library behind it. */
  readonly info: NativeBlasInfo;
  /**
   * z = tanh(z + b) in place over `rows × cols` of `z` from index 0 (row stride `cols`), the bias
   * row at `b[bOffset ..]`, on glibc's libmvec (both Float32Array or both Float64Array); absent
   * where the install found no libmvec tanh (see `tanhVariant`).
   */
  readonly biasTanh?: NativeBiasActivation;
  /** Which libmvec tanh `biasTanh` runs on this CPU: 'avx512', 'avx2' or 'sse'; absent with it. */
  readonly tanhVariant?: string;
}

/** A native bias + activation: z = act(z + b) in place, as `LayerKernels.biasActivation` for an activation that saves its output. */
export type NativeBiasActivation = (
  z: FloatArray,
  rows: number,
  cols: number,
  b: FloatArray,
  bOffset: number,
) => void;

/** The addon, or why it cannot be used here. */
export type NativeBlasLoad =
  | { readonly blas: NativeBlas; readonly reason?: undefined }
  | {
      readonly blas: null;
      /** One line: what is missing and what to install. */
      readonly reason: string;
    };

/** What to install so that the package's install script builds the addon. */
export const NATIVE_BLAS_INSTALL_HINT =
  'install a C compiler and OpenBLAS (apt-get install build-essential libopenblas-dev), then reinstall shardwise';

/** The addon the install script builds; SHARDWISE_BLAS_ADDON names another (a custom build, or none in tests). */
const ADDON =
  process.env.SHARDWISE_BLAS_ADDON || fileURLToPath(new URL('../build/shardwise-blas.node', import.meta.url));
const BUILD_SCRIPT = fileURLToPath(new URL('../scripts/build-addon.mjs', import.meta.url));

let loaded: NativeBlasLoad | undefined;

/**
 * Loads the CBLAS addon once per thread (Node-API addons load in worker threads too): the
 * binding, or a one-line reason naming what to install. Loading sets the library's own thread
 * count to 1, so the engine's workers stay the only parallelism.
 */
export function loadNativeBlas(): NativeBlasLoad {
  loaded ??= load();
  return loaded;
}

function load(): NativeBlasLoad {
  if (!existsSync(ADDON)) {
    return {
      blas: null,
      reason: `the native kernels are not built: ${NATIVE_BLAS_INSTALL_HINT} (or run node ${BUILD_SCRIPT})`,
    };
  }
  try {
    const blas = createRequire(import.meta.url)(ADDON) as NativeBlas;
    return { blas };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { blas: null, reason: `the native kernels do not load (${message}): ${NATIVE_BLAS_INSTALL_HINT}` };
  }
}
