// Convolutions and matrix products for training on the WebAssembly backend, in native code.
//
// Each convolution is lowered to matrix products ("im2col"): the input patches each output
// position reads are laid out as rows, so the forward pass, the filter gradient and the input
// gradient are one GEMM each (Eigen's, vectorized for this CPU), plus a gather or scatter of the
// patches. Rows are processed in chunks so the patch matrix stays a few megabytes whatever the
// batch and image size. Tensors are NHWC and filters [kH, kW, inC, outC], tfjs's layouts.
#include "conv.h"

#include <Eigen/Dense>
#include <algorithm>
#include <memory>
#include <vector>


namespace netwright {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Map = Eigen::Map<RowMajor>;
using ConstMap = Eigen::Map<const RowMajor>;

// Splits the batch's output rows into `parts` ranges of whole images, so threads never write the
// same input pixel (the input gradient's scatter stays within an image), and runs `body(part,
// firstRow, endRow, patches)` for each, one thread per part. Each part gets its own patch buffer
// of `patchFloats`, allocated here, outside the parallel region: an allocation failure must
// surface as an exception the caller can catch, and one thrown inside an OpenMP region cannot be.
template <typename Body>
void ForEachImageRange(const ConvGeometry& g, int parts, int64_t patchFloats, Body body) {
  const int64_t perImage = int64_t(g.outH) * g.outW;
  // Uninitialized: every patch float is written before it is read, and zeroing a megabyte per part
  // on this thread, before the parallel part, measurably slowed each call.
  std::unique_ptr<float[]> patches(new float[size_t(parts * patchFloats)]);
#pragma omp parallel for num_threads(parts) schedule(static) if (parts > 1)
  for (int part = 0; part < parts; part++) {
    const int64_t first = int64_t(g.batch) * part / parts, end = int64_t(g.batch) * (part + 1) / parts;
    body(part, first * perImage, end * perImage, patches.get() + part * patchFloats);
  }
}

int Parts(const ConvGeometry& g) { return std::max(1, std::min(Threads(), g.batch)); }

// About 1 MB of patches at a time (measured best on LeNet's shapes): large enough for the GEMM to
// run at full speed, small enough to stay in cache, and bounded for big images.
constexpr int64_t kChunkFloats = 1 << 18;

int64_t PatchWidth(const ConvGeometry& g) { return int64_t(g.filterH) * g.filterW * g.inC; }
int64_t OutputRows(const ConvGeometry& g) { return int64_t(g.batch) * g.outH * g.outW; }

int64_t ChunkRows(const ConvGeometry& g) {
  return std::max<int64_t>(1, kChunkFloats / std::max<int64_t>(1, PatchWidth(g)));
}

// Walks the patch matrix rows [firstRow, firstRow + rows) one filter row at a time. For each it
// calls `run(r, column, offset, length)` for a stretch of `length` floats that lies in the input
// (contiguous there and in the patch row) and `pad(r, column, length)` for one that lies in the
// padding. With dilation 1 a whole filter row inside the image is one stretch, so narrow inputs
// (one channel, say) copy runs instead of single floats.
template <typename Run, typename Pad>
void ForEachStretch(const ConvGeometry& g, int64_t firstRow, int64_t rows, Run run, Pad pad) {
  const int64_t perImage = int64_t(g.outH) * g.outW;
  const int64_t rowFloats = int64_t(g.filterW) * g.inC;
  for (int64_t r = 0; r < rows; r++) {
    const int64_t row = firstRow + r;
    const int n = int(row / perImage);
    const int oy = int((row % perImage) / g.outW);
    const int ox = int(row % g.outW);
    const int x0 = ox * g.strideW - g.padLeft;
    const bool wholeRow = g.dilationW == 1 && x0 >= 0 && x0 + g.filterW <= g.inW;
    for (int ky = 0; ky < g.filterH; ky++) {
      const int64_t column = ky * rowFloats;
      const int y = oy * g.strideH - g.padTop + ky * g.dilationH;
      if (y < 0 || y >= g.inH) {
        pad(r, column, rowFloats);
        continue;
      }
      const int64_t line = (int64_t(n) * g.inH + y) * g.inW;
      if (wholeRow) {
        run(r, column, (line + x0) * g.inC, rowFloats);
        continue;
      }
      for (int kx = 0; kx < g.filterW; kx++) {
        const int x = x0 + kx * g.dilationW;
        if (x < 0 || x >= g.inW) pad(r, column + kx * g.inC, g.inC);
        else run(r, column + kx * g.inC, (line + x) * g.inC, g.inC);
      }
    }
  }
}

// Rows [firstRow, firstRow + rows) of the patch matrix.
void Gather(const ConvGeometry& g, const float* x, int64_t firstRow, int64_t rows, float* patches) {
  const int64_t width = PatchWidth(g);
  ForEachStretch(
      g, firstRow, rows,
      [&](int64_t r, int64_t column, int64_t offset, int64_t length) {
        std::copy(x + offset, x + offset + length, patches + r * width + column);
      },
      [&](int64_t r, int64_t column, int64_t length) {
        float* to = patches + r * width + column;
        std::fill(to, to + length, 0.0f);
      });
}

// Adds rows of a patch-shaped gradient back onto the input positions they came from.
void Scatter(const ConvGeometry& g, const float* patches, int64_t firstRow, int64_t rows,
             float* dx) {
  const int64_t width = PatchWidth(g);
  ForEachStretch(
      g, firstRow, rows,
      [&](int64_t r, int64_t column, int64_t offset, int64_t length) {
        const float* from = patches + r * width + column;
        float* to = dx + offset;
        for (int64_t i = 0; i < length; i++) to[i] += from[i];
      },
      [](int64_t, int64_t, int64_t) {});
}

using ColMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
using ColMap = Eigen::Map<ColMajor>;
using ConstColMap = Eigen::Map<const ColMajor>;

// Narrow filter rows (one input channel, say: 5 floats for a 5×5 filter) make row-major patches
// cost a small copy per filter row. Stored column-major instead, each patch column is one filter
// tap of one channel over consecutive output positions, which along an image row is a contiguous
// (stride 1) or evenly strided run of the input.
bool ColumnMajorPatches(const ConvGeometry& g) { return int64_t(g.filterW) * g.inC < 16; }

// Chunks of whole output rows, so each (image, output row) pair lies in one chunk.
int64_t ChunkRowsAligned(const ConvGeometry& g) {
  const int64_t rows = ChunkRows(g);
  return std::max<int64_t>(g.outW, rows / g.outW * g.outW);
}

// Walks the column-major patch matrix for rows [firstRow, firstRow + rows) (whole output rows):
// for each column (tap ky, kx and channel c) and each output row, `run(column, r, from, to, x)`
// covers patch positions r + [from, to) whose input column is x + (ox − from)·strideW, and
// `pad(column, r, from, to)` positions in the padding.
template <typename Run, typename Pad>
void ForEachColumnRun(const ConvGeometry& g, int64_t firstRow, int64_t rows, Run run, Pad pad) {
  const int64_t perImage = int64_t(g.outH) * g.outW;
  for (int ky = 0; ky < g.filterH; ky++) {
    for (int kx = 0; kx < g.filterW; kx++) {
      const int xShift = kx * g.dilationW - g.padLeft;
      // Output columns whose input column x = ox·strideW + xShift lies inside the image.
      int from = 0;
      while (from < g.outW && from * g.strideW + xShift < 0) from++;
      int to = g.outW;
      while (to > from && (to - 1) * g.strideW + xShift >= g.inW) to--;
      for (int64_t r = 0; r < rows; r += g.outW) {
        const int64_t row = firstRow + r;
        const int n = int(row / perImage);
        const int oy = int((row % perImage) / g.outW);
        const int y = oy * g.strideH - g.padTop + ky * g.dilationH;
        for (int c = 0; c < g.inC; c++) {
          const int64_t column = (int64_t(ky) * g.filterW + kx) * g.inC + c;
          if (y < 0 || y >= g.inH) {
            pad(column, r, 0, g.outW);
            continue;
          }
          const int64_t line = (int64_t(n) * g.inH + y) * g.inW;
          pad(column, r, 0, from);
          if (to > from) run(column, r, from, to, ((line + from * g.strideW + xShift) * g.inC + c));
          pad(column, r, to, g.outW);
        }
      }
    }
  }
}

void GatherColumns(const ConvGeometry& g, const float* x, int64_t firstRow, int64_t rows,
                   float* patches) {
  const int64_t step = int64_t(g.strideW) * g.inC;
  ForEachColumnRun(
      g, firstRow, rows,
      [&](int64_t column, int64_t r, int from, int to, int64_t offset) {
        float* out = patches + column * rows + r;
        const float* in = x + offset;
        if (step == 1) std::copy(in, in + (to - from), out + from);
        else for (int i = 0; i < to - from; i++) out[from + i] = in[i * step];
      },
      [&](int64_t column, int64_t r, int from, int to) {
        float* out = patches + column * rows + r;
        std::fill(out + from, out + to, 0.0f);
      });
}

void ScatterColumns(const ConvGeometry& g, const float* patches, int64_t firstRow, int64_t rows,
                    float* dx) {
  const int64_t step = int64_t(g.strideW) * g.inC;
  ForEachColumnRun(
      g, firstRow, rows,
      [&](int64_t column, int64_t r, int from, int to, int64_t offset) {
        const float* in = patches + column * rows + r + from;
        float* out = dx + offset;
        for (int i = 0; i < to - from; i++) out[i * step] += in[i];
      },
      [](int64_t, int64_t, int, int) {});
}

}  // namespace

void Conv2D(const ConvGeometry& g, const float* x, const float* filter, float* y) {
  const int64_t width = PatchWidth(g);
  const bool columns = ColumnMajorPatches(g);
  const int64_t chunk = columns ? ChunkRowsAligned(g) : ChunkRows(g);
  ConstMap w(filter, width, g.outC);
  ForEachImageRange(g, Parts(g), chunk * width, [&](int, int64_t begin, int64_t end, float* patches) {
    for (int64_t first = begin; first < end; first += chunk) {
      const int64_t rows = std::min(chunk, end - first);
      Map out(y + first * g.outC, rows, g.outC);
      if (columns) {
        GatherColumns(g, x, first, rows, patches);
        out.noalias() = ConstColMap(patches, rows, width) * w;
      } else {
        Gather(g, x, first, rows, patches);
        out.noalias() = ConstMap(patches, rows, width) * w;
      }
    }
  });
}

void Conv2DFilterGradient(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  const int64_t width = PatchWidth(g);
  const bool columns = ColumnMajorPatches(g);
  const int64_t chunk = columns ? ChunkRowsAligned(g) : ChunkRows(g);
  const int parts = Parts(g);
  // Each part sums its own images' gradient; the parts are added at the end.
  std::vector<RowMajor> partial(size_t(parts), RowMajor::Zero(width, g.outC));
  ForEachImageRange(g, parts, chunk * width, [&](int part, int64_t begin, int64_t end, float* patches) {
    RowMajor& gradient = partial[size_t(part)];
    for (int64_t first = begin; first < end; first += chunk) {
      const int64_t rows = std::min(chunk, end - first);
      ConstMap dyRows(dy + first * g.outC, rows, g.outC);
      if (columns) {
        GatherColumns(g, x, first, rows, patches);
        gradient.noalias() += ConstColMap(patches, rows, width).transpose() * dyRows;
      } else {
        Gather(g, x, first, rows, patches);
        gradient.noalias() += ConstMap(patches, rows, width).transpose() * dyRows;
      }
    }
  });
  Map gradient(dw, width, g.outC);
  gradient = partial[0];
  for (int part = 1; part < parts; part++) gradient += partial[size_t(part)];
}

void Conv2DInputGradient(const ConvGeometry& g, const float* dy, const float* filter, float* dx) {
  const int64_t width = PatchWidth(g);
  const bool columns = ColumnMajorPatches(g);
  const int64_t chunk = columns ? ChunkRowsAligned(g) : ChunkRows(g);
  std::fill(dx, dx + int64_t(g.batch) * g.inH * g.inW * g.inC, 0.0f);
  ConstMap w(filter, width, g.outC);
  ForEachImageRange(g, Parts(g), chunk * width, [&](int, int64_t begin, int64_t end, float* patches) {
    for (int64_t first = begin; first < end; first += chunk) {
      const int64_t rows = std::min(chunk, end - first);
      ConstMap dyRows(dy + first * g.outC, rows, g.outC);
      if (columns) {
        ColMap(patches, rows, width).noalias() = dyRows * w.transpose();
        ScatterColumns(g, patches, first, rows, dx);
      } else {
        Map(patches, rows, width).noalias() = dyRows * w.transpose();
        Scatter(g, patches, first, rows, dx);
      }
    }
  });
}

void BatchMatMul(const MatMulShape& s, const float* a, const float* b, float* out) {
  // Operands broadcast over the batch when one of them has a single matrix.
  const int64_t aRows = s.transposeA ? s.k : s.m, aCols = s.transposeA ? s.m : s.k;
  const int64_t bRows = s.transposeB ? s.n : s.k, bCols = s.transposeB ? s.k : s.n;
  for (int i = 0; i < s.batch; i++) {
    ConstMap left(a + (s.batchA == 1 ? 0 : i) * aRows * aCols, aRows, aCols);
    ConstMap right(b + (s.batchB == 1 ? 0 : i) * bRows * bCols, bRows, bCols);
    Map result(out + int64_t(i) * s.m * s.n, s.m, s.n);
    if (s.transposeA && s.transposeB) result.noalias() = left.transpose() * right.transpose();
    else if (s.transposeA) result.noalias() = left.transpose() * right;
    else if (s.transposeB) result.noalias() = left * right.transpose();
    else result.noalias() = left * right;
  }
}

}  // namespace netwright
