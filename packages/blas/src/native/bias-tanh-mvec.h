/* The addon's optional bias + tanh kernel on libmvec (bias-tanh-mvec.c), built where the probe passes. */
#ifndef SHARDWISE_BIAS_TANH_MVEC_H
#define SHARDWISE_BIAS_TANH_MVEC_H
#include <node_api.h>
#include <stdbool.h>

/* Adds exports.biasTanh and exports.tanhVariant ('avx512', 'avx2' or 'sse'); false on a Node-API failure. */
bool shardwise_register_bias_tanh(napi_env env, napi_value exports);
#endif
