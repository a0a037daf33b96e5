// Native training kernels: see conv.cc.
#pragma once
#include <cstdint>

namespace netwright {

// One 2-D convolution, NHWC input, filter [filterH, filterW, inC, outC], as tfjs computes it
// (backend_util.computeConv2DInfo): output size and the padding before the first row and column.
struct ConvGeometry {
  int batch, inH, inW, inC;
  int filterH, filterW, outC;
  int strideH, strideW, dilationH, dilationW;
  int padTop, padLeft;
  int outH, outW;
};

struct MatMulShape {
  // Matrices in the output and in each operand (1 = broadcast over the batch).
  int batch, batchA, batchB;
  int m, k, n;
  bool transposeA, transposeB;
};

// One max pooling, NHWC, as tfjs computes it (backend_util.computePool2DInfo).
struct PoolGeometry {
  int batch, height, width, channels;
  int outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth;
  int top, left;
};

// Threads the calling thread's kernels may use (1 by default; always 1 in a build without
// OpenMP). Each JavaScript thread sets its own: a data-parallel replica keeps 1, a lone trainer
// uses the cores.
void SetThreads(int threads);
int Threads();

void Conv2D(const ConvGeometry& g, const float* x, const float* filter, float* y);
void Conv2DFilterGradient(const ConvGeometry& g, const float* x, const float* dy, float* dw);
void Conv2DInputGradient(const ConvGeometry& g, const float* dy, const float* filter, float* dx);
void BatchMatMul(const MatMulShape& s, const float* a, const float* b, float* out);
void MaxPoolGradient(const PoolGeometry& g, const float* x, const float* dy, float* dx);

}  // namespace netwright
