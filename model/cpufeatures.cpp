#include "model/cpufeatures.h"

#include <cstdint>
#include <cstring>
#include <fstream>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define VAE_HAVE_CPUID 1
#endif

namespace vae {

namespace {

#ifdef VAE_HAVE_CPUID
struct Regs {
  uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
};

Regs cpuid(uint32_t leaf, uint32_t subleaf = 0) {
  Regs r;
  __cpuid_count(leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
  return r;
}

bool bit(uint32_t value, int index) { return (value >> index) & 1u; }

// XCR0: which register states the OS saves. Read only when cpuid says OSXSAVE is on (else xgetbv faults).
uint64_t xcr0() {
  uint32_t lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

std::string brandString() {
  if (cpuid(0x80000000).eax < 0x80000004) return {};
  char text[49] = {};
  for (uint32_t i = 0; i < 3; ++i) {
    const Regs r = cpuid(0x80000002 + i);
    std::memcpy(text + 16 * i, &r, 16);
  }
  std::string s(text);
  const auto first = s.find_first_not_of(' ');
  const auto last = s.find_last_not_of(' ');
  return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}
#endif

std::string modelNameFromProcCpuinfo() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    for (const char* key : {"model name", "Model", "cpu model"})
      if (line.rfind(key, 0) == 0) {
        const auto colon = line.find(':');
        if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
      }
  return {};
}

}  // namespace

CpuFeatures CpuFeatures::detect() {
  CpuFeatures f;
#ifdef VAE_HAVE_CPUID
  const Regs leaf0 = cpuid(0);
  char vendor[13] = {};
  std::memcpy(vendor, &leaf0.ebx, 4);
  std::memcpy(vendor + 4, &leaf0.edx, 4);
  std::memcpy(vendor + 8, &leaf0.ecx, 4);
  f.vendor = vendor;
  f.modelName = brandString();
  const uint32_t maxLeaf = leaf0.eax;
  if (maxLeaf >= 1) {
    const Regs l1 = cpuid(1);
    const int baseFamily = static_cast<int>((l1.eax >> 8) & 0xf);
    const int baseModel = static_cast<int>((l1.eax >> 4) & 0xf);
    f.family = baseFamily == 0xf ? baseFamily + static_cast<int>((l1.eax >> 20) & 0xff) : baseFamily;
    f.model = (baseFamily == 0x6 || baseFamily == 0xf) ? (static_cast<int>((l1.eax >> 16) & 0xf) << 4) | baseModel
                                                        : baseModel;
    f.stepping = static_cast<int>(l1.eax & 0xf);
    f.sse3 = bit(l1.ecx, 0);
    f.ssse3 = bit(l1.ecx, 9);
    f.sse41 = bit(l1.ecx, 19);
    f.sse42 = bit(l1.ecx, 20);
    const bool osxsave = bit(l1.ecx, 27);
    const uint64_t xcr = osxsave ? xcr0() : 0;
    const bool osAvx = (xcr & 0x6) == 0x6;            // SSE + AVX state
    const bool osAvx512 = osAvx && (xcr & 0xe0) == 0xe0;  // opmask, upper zmm, hi16 zmm
    const bool osAmx = (xcr & 0x60000) == 0x60000;    // XTILECFG + XTILEDATA
    f.avx = osAvx && bit(l1.ecx, 28);
    f.fma = f.avx && bit(l1.ecx, 12);
    if (maxLeaf >= 7) {
      const Regs l7 = cpuid(7, 0);
      f.avx2 = f.avx && bit(l7.ebx, 5);
      f.avx512f = osAvx512 && bit(l7.ebx, 16);
      f.avx512dq = f.avx512f && bit(l7.ebx, 17);
      f.avx512cd = f.avx512f && bit(l7.ebx, 28);
      f.avx512bw = f.avx512f && bit(l7.ebx, 30);
      f.avx512vl = f.avx512f && bit(l7.ebx, 31);
      f.amxBf16 = osAmx && bit(l7.edx, 22);
      f.amxTile = osAmx && bit(l7.edx, 24);
      f.amxInt8 = osAmx && bit(l7.edx, 25);
      if (l7.eax >= 1) f.avx512bf16 = f.avx512f && bit(cpuid(7, 1).eax, 5);
    }
  }
#endif
  if (f.modelName.empty()) f.modelName = modelNameFromProcCpuinfo();
  return f;
}

std::vector<std::string> CpuFeatures::flagNames() const {
  const std::pair<bool, const char*> flags[] = {
      {sse3, "sse3"},         {ssse3, "ssse3"},       {sse41, "sse4_1"},      {sse42, "sse4_2"},
      {avx, "avx"},           {fma, "fma"},           {avx2, "avx2"},         {avx512f, "avx512f"},
      {avx512dq, "avx512dq"}, {avx512cd, "avx512cd"}, {avx512bw, "avx512bw"}, {avx512vl, "avx512vl"},
      {avx512bf16, "avx512_bf16"}, {amxTile, "amx_tile"}, {amxBf16, "amx_bf16"}, {amxInt8, "amx_int8"},
  };
  std::vector<std::string> names;
  for (const auto& [set, name] : flags)
    if (set) names.emplace_back(name);
  return names;
}

}  // namespace vae
