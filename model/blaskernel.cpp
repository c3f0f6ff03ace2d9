#include "model/blaskernel.h"

#include <dlfcn.h>
#include <strings.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace vae {

namespace {

// Test hooks, read only here (tests/cli/blas_test.sh): the first makes a user-set OPENBLAS_CORETYPE look like
// OpenBLAS's own choice, so a machine whose OpenBLAS already picks the best kernel can still show a relaunch;
// the second makes the GEMM check fail on the named kernel, as a miscompiled OpenBLAS would.
constexpr const char* kTestAsDefaultEnv = "VAE_STUDIO_BLAS_TEST_AS_DEFAULT";
constexpr const char* kTestBrokenEnv = "VAE_STUDIO_BLAS_TEST_BROKEN";
// The kernel a failing default falls back to: the oldest x86-64 kernel, the least likely to be miscompiled.
constexpr const char* kSafeCore = "Prescott";

bool sameName(const std::string& a, const std::string& b) { return strcasecmp(a.c_str(), b.c_str()) == 0; }

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

struct Choice {
  std::string state, from, to;  // state: upgrade, rejected or safe
  // The OPENBLAS_CORETYPE this state relaunched with.
  const std::string& target() const { return state == "rejected" ? from : to; }
};

// "upgrade:Haswell:SkylakeX" -> {upgrade, Haswell, SkylakeX}; valid only while OPENBLAS_CORETYPE is still the
// value it set (a child given another kernel on purpose, e.g. bench --compare-kernel, is a user's choice).
bool parseChoice(const std::string& text, const std::string& coreTypeEnv, Choice* out) {
  const auto first = text.find(':');
  const auto second = first == std::string::npos ? first : text.find(':', first + 1);
  if (second == std::string::npos) return false;
  Choice c{text.substr(0, first), text.substr(first + 1, second - first - 1), text.substr(second + 1)};
  if (c.state != "upgrade" && c.state != "rejected" && c.state != "safe") return false;
  if (c.from.empty() || c.to.empty() || !sameName(c.target(), coreTypeEnv)) return false;
  *out = c;
  return true;
}

std::string isaSummary(const CpuFeatures& cpu) {
  switch (isaTierOf(cpu)) {
    case IsaTier::Avx512: return cpu.nativeBf16() ? "AVX-512 with bf16" : "AVX-512";
    case IsaTier::Avx2: return "AVX2 and FMA";
    case IsaTier::Avx: return "AVX";
    case IsaTier::Sse4: return "SSE4";
    default: return "SSE3";
  }
}

std::string cpuName(const CpuFeatures& cpu) { return cpu.modelName.empty() ? "this CPU" : cpu.modelName; }

BlasDecision keep(const std::string& core, std::string reason) {
  BlasDecision d;
  d.coreDefault = core;
  d.reason = std::move(reason);
  return d;
}

BlasDecision relaunch(const std::string& core, const std::string& state, const std::string& to) {
  BlasDecision d;
  d.coreDefault = core;
  d.relaunch = true;
  d.relaunchCoreType = state == "rejected" ? core : to;
  d.relaunchChoice = state + ":" + core + ":" + to;
  return d;
}

// After our own relaunch: the marker says where we came from.
BlasDecision decideAfterRelaunch(const BlasInputs& in, const Choice& c) {
  if (c.state == "rejected") {
    BlasDecision d = keep(c.from, "OpenBLAS kernel " + c.to + " failed the start-up GEMM check; using OpenBLAS's own " +
                                      c.from + " instead");
    d.relaunches = 2;
    d.warn = true;
    if (!in.gemmCheckPassed) d.reason += " (which fails the check too: results may be wrong)";
    return d;
  }
  if (c.state == "safe") {
    BlasDecision d = keep(c.from, "OpenBLAS's own kernel " + c.from + " failed the start-up GEMM check; using " +
                                      in.coreName + " instead");
    d.changed = true;
    d.relaunches = 1;
    d.warn = true;
    if (!in.gemmCheckPassed) d.reason += " (which fails the check too: results may be wrong)";
    return d;
  }
  // upgrade: never relaunch again to upgrade, only back to OpenBLAS's choice if the new kernel is wrong.
  if (!in.gemmCheckPassed) {
    BlasDecision d = relaunch(c.from, "rejected", c.to);
    d.relaunches = 1;
    return d;
  }
  BlasDecision d = keep(c.from, "");
  d.relaunches = 1;
  d.changed = !sameName(in.coreName, c.from);
  if (isaTierOfOpenBlasCore(in.coreName) > isaTierOfOpenBlasCore(c.from))
    d.reason = "OpenBLAS chose " + c.from + " for " + cpuName(in.cpu) + ", which has " + isaSummary(in.cpu) +
               ": using " + in.coreName + " (start-up GEMM check passed)";
  else
    d.reason = "OpenBLAS did not take kernel " + c.to + "; it runs " + in.coreName;
  return d;
}

}  // namespace

IsaTier isaTierOf(const CpuFeatures& cpu) {
  if (cpu.avx512Core() && cpu.avx2 && cpu.fma) return IsaTier::Avx512;
  if (cpu.avx2 && cpu.fma) return IsaTier::Avx2;
  if (cpu.avx) return IsaTier::Avx;
  if (cpu.ssse3 && cpu.sse41 && cpu.sse42) return IsaTier::Sse4;
  if (cpu.sse3) return IsaTier::Sse3;
  return IsaTier::Unknown;
}

IsaTier isaTierOfOpenBlasCore(const std::string& coreName) {
  // OpenBLAS's x86 kernel names (driver/others/dynamic.c) by the instructions their GEMM uses.
  static const std::pair<const char*, IsaTier> kCores[] = {
      {"Katmai", IsaTier::Sse3},      {"Coppermine", IsaTier::Sse3},  {"Northwood", IsaTier::Sse3},
      {"Prescott", IsaTier::Sse3},    {"Banias", IsaTier::Sse3},      {"Athlon", IsaTier::Sse3},
      {"Opteron", IsaTier::Sse3},     {"Opteron_SSE3", IsaTier::Sse3}, {"Barcelona", IsaTier::Sse3},
      {"Bobcat", IsaTier::Sse3},      {"Nano", IsaTier::Sse3},        {"Core2", IsaTier::Sse4},
      {"Penryn", IsaTier::Sse4},      {"Dunnington", IsaTier::Sse4},  {"Atom", IsaTier::Sse4},
      {"Nehalem", IsaTier::Sse4},     {"Sandybridge", IsaTier::Avx},  {"Bulldozer", IsaTier::Avx},
      {"Piledriver", IsaTier::Avx},   {"Steamroller", IsaTier::Avx},  {"Haswell", IsaTier::Avx2},
      {"Zen", IsaTier::Avx2},         {"Excavator", IsaTier::Avx2},   {"SkylakeX", IsaTier::Avx512},
      {"Cooperlake", IsaTier::Avx512}, {"SapphireRapids", IsaTier::Avx512},
  };
  for (const auto& [name, tier] : kCores)
    if (sameName(coreName, name)) return tier;
  return IsaTier::Unknown;
}

std::string openBlasCoreFor(IsaTier tier) {
  switch (tier) {
    case IsaTier::Avx512: return "SkylakeX";
    case IsaTier::Avx2: return "Haswell";
    case IsaTier::Avx: return "Sandybridge";
    case IsaTier::Sse4: return "Nehalem";
    case IsaTier::Sse3: return "Prescott";
    default: return "";
  }
}

std::string toString(IsaTier tier) {
  switch (tier) {
    case IsaTier::Avx512: return "avx512";
    case IsaTier::Avx2: return "avx2";
    case IsaTier::Avx: return "avx";
    case IsaTier::Sse4: return "sse4";
    case IsaTier::Sse3: return "sse3";
    default: return "unknown";
  }
}

BlasDecision decideBlasKernel(const BlasInputs& in) {
  Choice choice;
  if (!in.coreName.empty() && parseChoice(in.choiceEnv, in.coreTypeEnv, &choice)) return decideAfterRelaunch(in, choice);
  const std::string& core = in.coreName;
  const auto withCheck = [&](BlasDecision d) {
    if (!in.gemmCheckPassed) {
      d.warn = true;
      d.reason += "; its kernel failed the start-up GEMM check: results may be wrong";
    }
    return d;
  };
  if (core.empty()) return withCheck(keep("", "the BLAS library is not OpenBLAS: its own kernel choice is used"));
  if (sameName(in.studioBlasEnv, "keep"))
    return withCheck(keep(core, "VAE_STUDIO_BLAS=keep: OpenBLAS's own choice " + core + " is kept"));
  if (!in.coreTypeEnv.empty())
    return withCheck(keep(core, "OPENBLAS_CORETYPE=" + in.coreTypeEnv + " was set by the user and is kept"));
  if (!in.dynamicArch) return withCheck(keep(core, "this OpenBLAS was built for one CPU type (no DYNAMIC_ARCH)"));
  const IsaTier coreTier = isaTierOfOpenBlasCore(core);
  if (!in.gemmCheckPassed) {
    if (coreTier > IsaTier::Sse3) return relaunch(core, "safe", kSafeCore);
    return withCheck(keep(core, "OpenBLAS chose " + core));
  }
  if (coreTier == IsaTier::Unknown) return keep(core, "OpenBLAS chose kernel " + core + ", which vae-studio does not rank");
  const IsaTier cpuTier = isaTierOf(in.cpu);
  if (coreTier < cpuTier) return relaunch(core, "upgrade", openBlasCoreFor(cpuTier));
  return keep(core, "OpenBLAS chose " + core + ", the best kernel it has for " + cpuName(in.cpu));
}

bool sgemmMatchesReference(SgemmFunction sgemm) {
  struct Case {
    char ta, tb;
    int m, n, k;
    float beta;
  };
  // Below 100^3 multiply-adds OpenBLAS takes its small-matrix path on AVX-512, above it the packed, blocked
  // kernel; odd sizes reach the edge tiles. About 3 ms in all, once per start.
  static const Case kCases[] = {
      {'N', 'N', 23, 17, 31, 0.0f}, {'T', 'N', 37, 29, 64, 0.5f}, {'N', 'T', 128, 96, 100, 0.0f},
      {'T', 'T', 97, 45, 260, 0.5f},
  };
  uint32_t state = 12345;
  auto next = [&] {  // a fixed LCG: the same inputs on every machine
    state = state * 1664525u + 1013904223u;
    return static_cast<float>(static_cast<int32_t>(state >> 8) % 2001 - 1000) / 1000.0f;
  };
  for (const Case& t : kCases) {
    // Column-major, as Fortran: op(A) is m x k, op(B) is k x n.
    const int aRows = t.ta == 'N' ? t.m : t.k, aCols = t.ta == 'N' ? t.k : t.m;
    const int bRows = t.tb == 'N' ? t.k : t.n, bCols = t.tb == 'N' ? t.n : t.k;
    std::vector<float> a(static_cast<size_t>(aRows) * aCols), b(static_cast<size_t>(bRows) * bCols),
        c(static_cast<size_t>(t.m) * t.n);
    for (float& v : a) v = next();
    for (float& v : b) v = next();
    for (float& v : c) v = next();
    const std::vector<float> c0 = c;
    const float alpha = 1.0f;
    sgemm(&t.ta, &t.tb, &t.m, &t.n, &t.k, &alpha, a.data(), &aRows, b.data(), &bRows, &t.beta, c.data(), &t.m);
    for (int i = 0; i < t.m; ++i)
      for (int j = 0; j < t.n; ++j) {
        double sum = 0, magnitude = 0;
        for (int p = 0; p < t.k; ++p) {
          const double av = t.ta == 'N' ? a[static_cast<size_t>(p) * aRows + i] : a[static_cast<size_t>(i) * aRows + p];
          const double bv = t.tb == 'N' ? b[static_cast<size_t>(j) * bRows + p] : b[static_cast<size_t>(p) * bRows + j];
          sum += av * bv;
          magnitude += std::fabs(av * bv);
        }
        const size_t at = static_cast<size_t>(j) * t.m + i;
        const double expected = sum + t.beta * static_cast<double>(c0[at]);
        // float rounding of k products is far below 1e-4 of their magnitudes; a wrong kernel is far above it.
        const double tolerance = 1e-4 * (magnitude + std::fabs(t.beta * c0[at])) + 1e-6;
        if (!(std::fabs(static_cast<double>(c[at]) - expected) <= tolerance)) return false;
      }
  }
  return true;
}

namespace {

BlasStatus readStatus() {
  BlasStatus s;
  s.cpu = CpuFeatures::detect();
  s.cpuTier = isaTierOf(s.cpu);
  s.coreBest = openBlasCoreFor(s.cpuTier);
  // Looked up at run time, so vae-studio still runs on reference BLAS, BLIS or MKL.
  using TextFunction = char* (*)();
  const auto coreName = reinterpret_cast<TextFunction>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  const auto config = reinterpret_cast<TextFunction>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
  const auto sgemm = reinterpret_cast<SgemmFunction>(dlsym(RTLD_DEFAULT, "sgemm_"));
  if (coreName) s.coreInUse = coreName();
  if (config) s.openBlasConfig = config();
  Dl_info info{};
  if (sgemm && dladdr(reinterpret_cast<void*>(sgemm), &info) && info.dli_fname) {
    char resolved[PATH_MAX];
    s.library = realpath(info.dli_fname, resolved) ? resolved : info.dli_fname;
  }

  BlasInputs in;
  in.cpu = s.cpu;
  in.coreName = s.coreInUse;
  in.dynamicArch = s.openBlasConfig.find("DYNAMIC_ARCH") != std::string::npos;
  in.coreTypeEnv = env(kOpenBlasCoreTypeEnv);
  in.studioBlasEnv = env(kStudioBlasEnv);
  in.choiceEnv = env(kBlasChoiceEnv);
  s.gemmCheck = sgemm ? (sgemmMatchesReference(sgemm) ? "passed" : "failed") : "not run";
  const std::string broken = env(kTestBrokenEnv);
  if (!broken.empty() && sameName(broken, s.coreInUse)) s.gemmCheck = "failed";
  in.gemmCheckPassed = s.gemmCheck != "failed";
  Choice unused;
  if (!env(kTestAsDefaultEnv).empty() && !parseChoice(in.choiceEnv, in.coreTypeEnv, &unused)) in.coreTypeEnv.clear();
  s.decision = decideBlasKernel(in);
  if (s.decision.changed || s.decision.relaunches > 0) {
    s.childCoreType = in.coreTypeEnv;
    s.childChoice = in.choiceEnv;
  }
  return s;
}

BlasStatus& statusStorage() {
  static BlasStatus status = readStatus();
  return status;
}

}  // namespace

void chooseBlasKernel(char** argv) {
  const BlasStatus& s = statusStorage();
  if (s.decision.relaunch) {
    setenv(kOpenBlasCoreTypeEnv, s.decision.relaunchCoreType.c_str(), 1);
    setenv(kBlasChoiceEnv, s.decision.relaunchChoice.c_str(), 1);
    std::fflush(nullptr);
    execv("/proc/self/exe", argv);
    // exec failed (no /proc, say): carry on with OpenBLAS's kernel and say why.
    std::fprintf(stderr, "vae-studio: could not relaunch with OpenBLAS kernel %s (%s); using %s\n",
                 s.decision.relaunchCoreType.c_str(), std::strerror(errno), s.coreInUse.c_str());
    unsetenv(kOpenBlasCoreTypeEnv);
    unsetenv(kBlasChoiceEnv);
    BlasStatus& mutableStatus = statusStorage();
    mutableStatus.decision.relaunch = false;
    mutableStatus.decision.reason = "relaunching with kernel " + s.decision.relaunchCoreType + " failed";
    return;
  }
  if (s.decision.warn) std::fprintf(stderr, "vae-studio: %s\n", s.decision.reason.c_str());
}

const BlasStatus& blasStatus() { return statusStorage(); }

}  // namespace vae
