#pragma once

#include <string>
#include <vector>

namespace vae {

// What this x86 CPU can run, read from cpuid and checked against what the OS saves on a context switch
// (xgetbv): a CPU with AVX-512 under an OS that does not save zmm registers cannot use it.
// On other architectures every flag is false and modelName comes from /proc/cpuinfo when it can.
struct CpuFeatures {
  std::string vendor;     // "GenuineIntel", "AuthenticAMD", ...
  std::string modelName;  // the brand string, e.g. "Intel(R) Xeon(R) Processor" on many cloud VMs
  int family = 0, model = 0, stepping = 0;  // display family and model (extended fields folded in)

  bool sse3 = false, ssse3 = false, sse41 = false, sse42 = false;
  bool avx = false, fma = false, avx2 = false;
  bool avx512f = false, avx512dq = false, avx512cd = false, avx512bw = false, avx512vl = false;
  bool avx512bf16 = false;  // VDPBF16PS: bf16 dot products at twice the fp32 rate
  bool amxTile = false, amxBf16 = false, amxInt8 = false;  // Sapphire Rapids' tile matrix unit

  // All of F, DQ, CD, BW and VL: what OpenBLAS's SkylakeX kernels and oneDNN's avx512_core need.
  bool avx512Core() const { return avx512f && avx512dq && avx512cd && avx512bw && avx512vl; }
  // bf16 matrix products in hardware (AMX or AVX512-BF16), not emulated through fp32.
  bool nativeBf16() const { return amxBf16 || (avx512bf16 && avx512Core()); }

  // The flags that are set, in the spelling of /proc/cpuinfo ("avx2", "avx512_bf16", "amx_tile", ...).
  std::vector<std::string> flagNames() const;

  // The CPU this process runs on.
  static CpuFeatures detect();
};

}  // namespace vae
