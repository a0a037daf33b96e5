{
  "targets": [
    {
      "target_name": "netwright_kernels",
      "sources": ["src/addon.cc", "src/conv.cc", "src/pool.cc", "src/threads.cc"],
      "include_dirs": ["/usr/include/eigen3", "/usr/local/include/eigen3"],
      "defines": ["NDEBUG", "EIGEN_NO_DEBUG", "EIGEN_DONT_PARALLELIZE"],
      "cflags_cc": [
        "-O3",
        "<!(node -p \"process.env.NETWRIGHT_NATIVE_ARCH_FLAG || '-march=native'\")",
        "-std=c++17",
        "-fopenmp",
        "-Wno-unused-variable",
        "-Wno-maybe-uninitialized"
      ],
      "ldflags": ["-fopenmp"],
      "cflags_cc!": ["-fno-exceptions"],
      "xcode_settings": {
        "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17"],
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES"
      },
      "msvs_settings": {
        "VCCLCompilerTool": { "AdditionalOptions": ["/O2", "/arch:AVX2", "/std:c++17", "/openmp"] }
      }
    }
  ]
}
