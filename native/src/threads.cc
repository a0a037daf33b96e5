// How many threads the calling thread's kernels may use (conv.h).
#include <algorithm>

#include "conv.h"

namespace netwright {
namespace {
thread_local int tThreads = 1;
}

void SetThreads(int threads) { tThreads = std::max(1, threads); }

int Threads() {
#ifdef _OPENMP
  return tThreads;
#else
  return 1;
#endif
}

}  // namespace netwright
