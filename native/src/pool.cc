// Max pooling's gradient: each window's output gradient goes to the window's first maximum in
// row-major order, found with a strict `>` scan from −∞ (so NaN never wins, ties go to the
// earliest tap, and a window of only NaN or −∞ passes nothing on); overlapping windows add up.
// This is tfjs's plain-JS backend's rule. The scan is written with selects rather than branches,
// which random data would mispredict half the time.
#include <algorithm>
#include <limits>
#include <vector>

#include "conv.h"

namespace netwright {

namespace {

// One image's windows; images touch disjoint parts of dx, so they can run in parallel.
void ImageGradient(const PoolGeometry& g, int n, const float* x, const float* dy, float* dx) {
  const int64_t channels = g.channels;
  std::vector<float> best(static_cast<size_t>(channels));
  std::vector<int64_t> bestAt(static_cast<size_t>(channels));
  const float* gradient = dy + int64_t(n) * g.outHeight * g.outWidth * channels;
  {
    for (int oy = 0; oy < g.outHeight; oy++) {
      const int y0 = oy * g.strideHeight - g.top;
      const int yFrom = std::max(0, y0), yTo = std::min(g.height, y0 + g.filterHeight);
      for (int ox = 0; ox < g.outWidth; ox++, gradient += channels) {
        const int x0 = ox * g.strideWidth - g.left;
        const int xFrom = std::max(0, x0), xTo = std::min(g.width, x0 + g.filterWidth);
        std::fill(best.begin(), best.end(), -std::numeric_limits<float>::infinity());
        std::fill(bestAt.begin(), bestAt.end(), int64_t(-1));
        for (int y = yFrom; y < yTo; y++) {
          for (int xx = xFrom; xx < xTo; xx++) {
            const int64_t at = ((int64_t(n) * g.height + y) * g.width + xx) * channels;
            const float* tap = x + at;
            for (int64_t c = 0; c < channels; c++) {
              const bool wins = tap[c] > best[c];
              best[c] = wins ? tap[c] : best[c];
              bestAt[c] = wins ? at + c : bestAt[c];
            }
          }
        }
        for (int64_t c = 0; c < channels; c++) {
          if (bestAt[c] >= 0) dx[bestAt[c]] += gradient[c];
        }
      }
    }
  }
}

}  // namespace

void MaxPoolGradient(const PoolGeometry& g, const float* x, const float* dy, float* dx) {
  std::fill(dx, dx + int64_t(g.batch) * g.height * g.width * g.channels, 0.0f);
  const int threads = std::max(1, std::min(Threads(), g.batch));
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int n = 0; n < g.batch; n++) ImageGradient(g, n, x, dy, dx);
}

}  // namespace netwright
