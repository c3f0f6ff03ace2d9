#pragma once

#include "model/cpufeatures.h"

#include <string>

// Which OpenBLAS kernel this process runs, and why.
//
// Debian's OpenBLAS picks its kernel from the CPU's family/model when it loads. On VMs whose CPU it does not
// recognise it falls back to an older kernel (Prescott/SSE3 on a generic "Intel(R) Xeon(R) Processor", Haswell on
// AVX-512 Zen 5): training runs 1.8-3.6x slower. OpenBLAS reads OPENBLAS_CORETYPE only when it loads, so the
// binary relaunches itself once with it set (see chooseBlasKernel). A kernel is trusted only after a small fixed
// GEMM matches a plain C++ reference; a kernel that fails goes back to OpenBLAS's own choice and says so.
namespace vae {

// The vector ISA a kernel needs, in order: higher is faster.
enum class IsaTier { Unknown = -1, Sse3 = 0, Sse4 = 1, Avx = 2, Avx2 = 3, Avx512 = 4 };

IsaTier isaTierOf(const CpuFeatures& cpu);
// The tier of an OpenBLAS x86 kernel name ("Haswell", "SkylakeX", ...; case-insensitive); Unknown for others.
IsaTier isaTierOfOpenBlasCore(const std::string& coreName);
// The OpenBLAS kernel name for a tier that every DYNAMIC_ARCH OpenBLAS since 0.3.x accepts in OPENBLAS_CORETYPE.
// (0.3.21 cannot be forced to "Cooperlake"; its sgemm is SkylakeX's anyway.)
std::string openBlasCoreFor(IsaTier tier);
std::string toString(IsaTier tier);

// Environment variables of the choice. OPENBLAS_CORETYPE is OpenBLAS's own; set by the user it is never overridden.
inline constexpr const char* kOpenBlasCoreTypeEnv = "OPENBLAS_CORETYPE";
// VAE_STUDIO_BLAS=keep leaves OpenBLAS's choice alone.
inline constexpr const char* kStudioBlasEnv = "VAE_STUDIO_BLAS";
// Set by vae-studio on its relaunch: "upgrade:FROM:TO", "rejected:FROM:TO" or "safe:FROM:Prescott". It travels to
// child processes with OPENBLAS_CORETYPE, so they run the same kernel and report it without relaunching.
inline constexpr const char* kBlasChoiceEnv = "VAE_STUDIO_BLAS_CHOICE";

// Everything the decision depends on, read from the process (readBlasInputs) or made up by tests.
struct BlasInputs {
  CpuFeatures cpu;
  std::string coreName;        // openblas_get_corename(); empty when the BLAS is not OpenBLAS
  bool dynamicArch = false;    // OpenBLAS built with DYNAMIC_ARCH (only then does OPENBLAS_CORETYPE work)
  std::string coreTypeEnv;     // OPENBLAS_CORETYPE as found
  std::string studioBlasEnv;   // VAE_STUDIO_BLAS as found
  std::string choiceEnv;       // VAE_STUDIO_BLAS_CHOICE as found
  bool gemmCheckPassed = true; // the fixed GEMM on the kernel in use matched the reference
};

struct BlasDecision {
  bool relaunch = false;           // exec this binary again with the two variables below
  std::string relaunchCoreType;    // OPENBLAS_CORETYPE for the relaunch
  std::string relaunchChoice;      // VAE_STUDIO_BLAS_CHOICE for the relaunch
  std::string coreDefault;         // the kernel OpenBLAS chose by itself (empty when not OpenBLAS)
  bool changed = false;            // the kernel in use was chosen by vae-studio
  int relaunches = 0;              // how many times this process was relaunched to get here
  bool warn = false;               // a kernel failed the GEMM check: say so on stderr
  std::string reason;              // one sentence: what was chosen and why
};

// The decision as a pure function, so every path is testable with fake CPUs and kernel names.
BlasDecision decideBlasKernel(const BlasInputs& in);

// Fortran sgemm_ as every BLAS exports it.
using SgemmFunction = void (*)(const char* transa, const char* transb, const int* m, const int* n, const int* k,
                               const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
                               const float* beta, float* c, const int* ldc);
// Runs a few fixed products (small and blocked sizes, every transpose, beta 0 and 0.5) through `sgemm` and
// compares them with a double-precision reference. True when every element is within float rounding.
bool sgemmMatchesReference(SgemmFunction sgemm);

// What this process runs on, for `info --system`, `bench --json` and About.
struct BlasStatus {
  CpuFeatures cpu;
  IsaTier cpuTier = IsaTier::Unknown;
  std::string library;         // the shared object that provides sgemm_ (resolved path)
  std::string openBlasConfig;  // openblas_get_config(): version and build options; empty when not OpenBLAS
  std::string coreInUse;       // openblas_get_corename() now
  std::string coreBest;        // the kernel name for this CPU's tier
  std::string gemmCheck;       // "passed", "failed" or "not run" (no sgemm_ found)
  BlasDecision decision;
  // The variables a child process needs to run the same kernel without relaunching (empty when unchanged).
  std::string childCoreType, childChoice;
};

// Call first thing in main(), before any BLAS work: reads the CPU and OpenBLAS's choice, checks the kernel with
// a GEMM and, when OpenBLAS's choice is weaker than the CPU allows, execs this binary again (argv unchanged) with
// OPENBLAS_CORETYPE set. Returns only when no relaunch is needed or exec failed. Prints one line on stderr
// when a kernel failed the check.
void chooseBlasKernel(char** argv);

// The status as decided by chooseBlasKernel; in a process that never called it (tests), read on first use.
const BlasStatus& blasStatus();

}  // namespace vae
