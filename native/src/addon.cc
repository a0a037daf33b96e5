// Node-API bindings for the native training kernels (conv.cc). Every function takes a geometry as
// an Int32Array and float32 tensors as Float32Arrays (views of the WebAssembly backend's memory),
// checks that each array holds exactly the floats the geometry implies, and writes its output in
// place. A mismatch throws instead of reading or writing out of bounds.
#include <node_api.h>

#include <cstdint>
#include <exception>
#include <initializer_list>
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

// Runs a kernel; a C++ exception (out of memory for its buffers) becomes a JavaScript error
// instead of escaping Node-API, which would abort the whole process.
template <typename Kernel>
void Guarded(napi_env env, Kernel kernel) {
  try {
    kernel();
  } catch (const std::exception& error) {
    napi_throw_error(env, "NETWRIGHT_NATIVE", (std::string("native kernel failed: ") + error.what()).c_str());
  }
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
  if (expected < 0) return Fail(env, std::string(name) + ": the geometry needs more than 2^32 floats");
  if (out->length != static_cast<size_t>(expected)) {
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

// The kernels compute pixel coordinates in int (oy·stride − pad + ky·dilation, x0 + filter, and
// the like) and compare them with the image's bounds; a coordinate that wrapped around would pass
// those checks and index far outside the arrays. So every coordinate of the windows, padding
// included, must fit in an int, whatever lengths the arrays have.
bool Reach(napi_env env, int64_t out, int64_t stride, int64_t filter, int64_t dilation, int64_t pad,
           int64_t in) {
  // Each factor is below 2^31, so neither product nor the sum overflows int64.
  const int64_t extent = (out - 1) * stride + (filter - 1) * dilation + filter;
  const int64_t magnitude = pad < 0 ? -pad : pad;
  if (extent + magnitude + in >= INT32_MAX) {
    return Fail(env, "the windows reach too far: outputs, strides, filters and pads overflow");
  }
  return true;
}

// A product of positive sizes, or -1 (which no array length matches) past 2^32 floats; checked at
// every factor so the int64 arithmetic never overflows (2^32 · 2^31 < 2^63).
int64_t Product(std::initializer_list<int32_t> factors) {
  int64_t product = 1;
  for (int32_t factor : factors) {
    product *= factor;
    if (product > (int64_t(1) << 32)) return -1;
  }
  return product;
}

bool ReadGeometry(napi_env env, napi_value value, netwright::ConvGeometry* g) {
  int32_t v[15];
  if (!ReadInts(env, value, 15, v)) return false;
  *g = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
  return Positive(env, {g->batch, g->inH, g->inW, g->inC, g->filterH, g->filterW, g->outC,
                        g->strideH, g->strideW, g->dilationH, g->dilationW, g->outH, g->outW}) &&
         Reach(env, g->outH, g->strideH, g->filterH, g->dilationH, g->padTop, g->inH) &&
         Reach(env, g->outW, g->strideW, g->filterW, g->dilationW, g->padLeft, g->inW);
}

int64_t InputSize(const netwright::ConvGeometry& g) { return Product({g.batch, g.inH, g.inW, g.inC}); }
int64_t FilterSize(const netwright::ConvGeometry& g) { return Product({g.filterH, g.filterW, g.inC, g.outC}); }
int64_t OutputSize(const netwright::ConvGeometry& g) { return Product({g.batch, g.outH, g.outW, g.outC}); }

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
      if (ok) Guarded(env, [&] { netwright::Conv2D(g, a.data, b.data, out.data); });
      break;
    case Kind::FilterGradient:
      ok = ReadFloats(env, args[1], input, "x", &a) && ReadFloats(env, args[2], output, "dy", &b) &&
           ReadFloats(env, args[3], filter, "dw", &out);
      if (ok) Guarded(env, [&] { netwright::Conv2DFilterGradient(g, a.data, b.data, out.data); });
      break;
    case Kind::InputGradient:
      ok = ReadFloats(env, args[1], output, "dy", &a) && ReadFloats(env, args[2], filter, "filter", &b) &&
           ReadFloats(env, args[3], input, "dx", &out);
      if (ok) Guarded(env, [&] { netwright::Conv2DInputGradient(g, a.data, b.data, out.data); });
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
  if (ReadFloats(env, args[1], Product({s.batchA, s.m, s.k}), "a", &a) &&
      ReadFloats(env, args[2], Product({s.batchB, s.k, s.n}), "b", &b) &&
      ReadFloats(env, args[3], Product({s.batch, s.m, s.n}), "out", &out)) {
    Guarded(env, [&] { netwright::BatchMatMul(s, a.data, b.data, out.data); });
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
                      g.strideHeight, g.strideWidth, g.filterHeight, g.filterWidth}) ||
      !Reach(env, g.outHeight, g.strideHeight, g.filterHeight, 1, g.top, g.height) ||
      !Reach(env, g.outWidth, g.strideWidth, g.filterWidth, 1, g.left, g.width)) {
    return nullptr;
  }
  const int64_t input = Product({g.batch, g.height, g.width, g.channels});
  const int64_t output = Product({g.batch, g.outHeight, g.outWidth, g.channels});
  Floats x, dy, dx;
  if (ReadFloats(env, args[1], input, "x", &x) && ReadFloats(env, args[2], output, "dy", &dy) &&
      ReadFloats(env, args[3], input, "dx", &dx)) {
    Guarded(env, [&] { netwright::MaxPoolGradient(g, x.data, dy.data, dx.data); });
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
