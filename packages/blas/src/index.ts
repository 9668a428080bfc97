// The public surface of @shardwise/blas: the loader of the CBLAS addon and what it reports.

export {
  loadNativeBlas,
  NATIVE_BLAS_INSTALL_HINT,
  type NativeBiasActivation,
  type NativeBlas,
  type NativeBlasInfo,
  type NativeBlasLoad,
} from './load-native-blas.js';
export { nativeForwardActivations, nativeLayerKernels } from './native-layer-kernels.js';
