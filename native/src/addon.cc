// Node-API bindings for the native training kernels (conv.cc). Every function takes a geometry as
// an Int32Array and float32 tensors as Float32Arrays (views of the WebAssembly backend's memory),
// checks that each array holds exactly the floats the geometry implies, and writes its output in
// place. A mismatch throws instead of reading or writing out of bounds.
#include <node_api.h>

#include <cstdint>
#include <string>

#include "conv.h"

namespace {

struct Floats {
  float* data = nullptr;
  size_t length = 0;
};

bool Fail(napi_env env, const std::string& message) {
  napi_throw_type_error(env, "NETWRIGHT_NATIVE", message.c_str());
  return false;
}

bool ReadInts(napi_env env, napi_value value, size_t count, int32_t* out) {
  napi_typedarray_type type;
  size_t length;
  void* data;
  bool isTyped = false;
  napi_is_typedarray(env, value, &isTyped);
  if (!isTyped) return Fail(env, "the geometry must be an Int32Array");
  napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr);
  if (type != napi_int32_array || length != count) {
    return Fail(env, "the geometry must be an Int32Array of " + std::to_string(count));
  }
  for (size_t i = 0; i < count; i++) out[i] = static_cast<int32_t*>(data)[i];
  return true;
}

bool ReadFloats(napi_env env, napi_value value, int64_t expected, const char* name, Floats* out) {
  napi_typedarray_type type;
  void* data;
  bool isTyped = false;
  napi_is_typedarray(env, value, &isTyped);
  if (!isTyped) return Fail(env, std::string(name) + " must be a Float32Array");
  napi_get_typedarray_info(env, value, &type, &out->length, &data, nullptr, nullptr);
  if (type != napi_float32_array) return Fail(env, std::string(name) + " must be a Float32Array");
  if (expected < 0 || out->length != static_cast<size_t>(expected)) {
    return Fail(env, std::string(name) + " holds " + std::to_string(out->length) +
                         " floats, the geometry needs " + std::to_string(expected));
  }
  out->data = static_cast<float*>(data);
  return true;
}

bool Positive(napi_env env, std::initializer_list<int32_t> values) {
  for (int32_t v : values) {
    if (v <= 0) return Fail(env, "sizes, strides and dilations must be positive");
  }
  return true;
}

bool ReadGeometry(napi_env env, napi_value value, netwright::ConvGeometry* g) {
  int32_t v[15];
  if (!ReadInts(env, value, 15, v)) return false;
  *g = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
  return Positive(env, {g->batch, g->inH, g->inW, g->inC, g->filterH, g->filterW, g->outC,
                        g->strideH, g->strideW, g->dilationH, g->dilationW, g->outH, g->outW});
}

int64_t InputSize(const netwright::ConvGeometry& g) { return int64_t(g.batch) * g.inH * g.inW * g.inC; }
int64_t FilterSize(const netwright::ConvGeometry& g) { return int64_t(g.filterH) * g.filterW * g.inC * g.outC; }
int64_t OutputSize(const netwright::ConvGeometry& g) { return int64_t(g.batch) * g.outH * g.outW * g.outC; }

enum class Kind { Forward, FilterGradient, InputGradient };

template <Kind kind>
napi_value Convolve(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value args[4];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != 4) {
    Fail(env, "expected (geometry, a, b, out)");
    return nullptr;
  }
  netwright::ConvGeometry g;
  if (!ReadGeometry(env, args[0], &g)) return nullptr;
  Floats a, b, out;
  const int64_t input = InputSize(g), filter = FilterSize(g), output = OutputSize(g);
  bool ok = false;
  switch (kind) {
    case Kind::Forward:
      ok = ReadFloats(env, args[1], input, "x", &a) && ReadFloats(env, args[2], filter, "filter", &b) &&
           ReadFloats(env, args[3], output, "y", &out);
      if (ok) netwright::Conv2D(g, a.data, b.data, out.data);
      break;
    case Kind::FilterGradient:
      ok = ReadFloats(env, args[1], input, "x", &a) && ReadFloats(env, args[2], output, "dy", &b) &&
           ReadFloats(env, args[3], filter, "dw", &out);
      if (ok) netwright::Conv2DFilterGradient(g, a.data, b.data, out.data);
      break;
    case Kind::InputGradient:
      ok = ReadFloats(env, args[1], output, "dy", &a) && ReadFloats(env, args[2], filter, "filter", &b) &&
           ReadFloats(env, args[3], input, "dx", &out);
      if (ok) netwright::Conv2DInputGradient(g, a.data, b.data, out.data);
      break;
  }
  return nullptr;
}

napi_value MatMul(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value args[4];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != 4) {
    Fail(env, "expected (shape, a, b, out)");
    return nullptr;
  }
  int32_t v[8];
  if (!ReadInts(env, args[0], 8, v)) return nullptr;
  netwright::MatMulShape s{v[0], v[1], v[2], v[3], v[4], v[5], v[6] != 0, v[7] != 0};
  if (!Positive(env, {s.batch, s.batchA, s.batchB, s.m, s.k, s.n})) return nullptr;
  if ((s.batchA != 1 && s.batchA != s.batch) || (s.batchB != 1 && s.batchB != s.batch)) {
    Fail(env, "operand batches must be 1 or the output's");
    return nullptr;
  }
  Floats a, b, out;
  if (ReadFloats(env, args[1], int64_t(s.batchA) * s.m * s.k, "a", &a) &&
      ReadFloats(env, args[2], int64_t(s.batchB) * s.k * s.n, "b", &b) &&
      ReadFloats(env, args[3], int64_t(s.batch) * s.m * s.n, "out", &out)) {
    netwright::BatchMatMul(s, a.data, b.data, out.data);
  }
  return nullptr;
}

napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value args[4];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != 4) {
    Fail(env, "expected (geometry, x, dy, dx)");
    return nullptr;
  }
  int32_t v[12];
  if (!ReadInts(env, args[0], 12, v)) return nullptr;
  netwright::PoolGeometry g{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]};
  if (!Positive(env, {g.batch, g.height, g.width, g.channels, g.outHeight, g.outWidth,
                      g.strideHeight, g.strideWidth, g.filterHeight, g.filterWidth})) {
    return nullptr;
  }
  const int64_t input = int64_t(g.batch) * g.height * g.width * g.channels;
  const int64_t output = int64_t(g.batch) * g.outHeight * g.outWidth * g.channels;
  Floats x, dy, dx;
  if (ReadFloats(env, args[1], input, "x", &x) && ReadFloats(env, args[2], output, "dy", &dy) &&
      ReadFloats(env, args[3], input, "dx", &dx)) {
    netwright::MaxPoolGradient(g, x.data, dy.data, dx.data);
  }
  return nullptr;
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  napi_get_cb_info(env, info, &argc, &arg, nullptr, nullptr);
  int32_t threads = 0;
  if (argc != 1 || napi_get_value_int32(env, arg, &threads) != napi_ok || threads < 1 || threads > 64) {
    Fail(env, "threads must be a whole number from 1 to 64");
    return nullptr;
  }
  netwright::SetThreads(threads);
  return nullptr;
}

void Export(napi_env env, napi_value exports, const char* name, napi_callback fn) {
  napi_value value;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, nullptr, &value);
  napi_set_named_property(env, exports, name, value);
}

}  // namespace

NAPI_MODULE_INIT() {
  Export(env, exports, "conv2d", Convolve<Kind::Forward>);
  Export(env, exports, "conv2dFilterGradient", Convolve<Kind::FilterGradient>);
  Export(env, exports, "conv2dInputGradient", Convolve<Kind::InputGradient>);
  Export(env, exports, "batchMatMul", MatMul);
  Export(env, exports, "maxPoolGrad", MaxPoolGrad);
  Export(env, exports, "setThreads", SetThreads);
  return exports;
}
