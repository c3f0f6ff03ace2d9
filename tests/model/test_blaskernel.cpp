#include "model/blaskernel.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <set>
#include <string>

namespace vae {
namespace {

CpuFeatures sse3Cpu() {
  CpuFeatures c;
  c.modelName = "Old CPU";
  c.sse3 = true;
  return c;
}

CpuFeatures avx2Cpu() {
  CpuFeatures c = sse3Cpu();
  c.modelName = "Intel(R) Core(TM) i7-4770";
  c.ssse3 = c.sse41 = c.sse42 = c.avx = c.fma = c.avx2 = true;
  return c;
}

// The VM of the speed issue: a generic name, AVX-512 with bf16 and AMX.
CpuFeatures genericXeon() {
  CpuFeatures c = avx2Cpu();
  c.modelName = "Intel(R) Xeon(R) Processor";
  c.avx512f = c.avx512dq = c.avx512cd = c.avx512bw = c.avx512vl = c.avx512bf16 = true;
  c.amxTile = c.amxBf16 = c.amxInt8 = true;
  return c;
}

BlasInputs openBlas(const CpuFeatures& cpu, const std::string& core) {
  BlasInputs in;
  in.cpu = cpu;
  in.coreName = core;
  in.dynamicArch = true;
  return in;
}

TEST(BlasKernel, CpuTiersFollowTheInstructionSets) {
  EXPECT_EQ(isaTierOf(sse3Cpu()), IsaTier::Sse3);
  EXPECT_EQ(isaTierOf(avx2Cpu()), IsaTier::Avx2);
  EXPECT_EQ(isaTierOf(genericXeon()), IsaTier::Avx512);
  CpuFeatures noBw = genericXeon();
  noBw.avx512bw = false;  // Knights Landing: AVX-512F without BW is not what SkylakeX kernels need
  EXPECT_EQ(isaTierOf(noBw), IsaTier::Avx2);
  CpuFeatures avxOnly = avx2Cpu();
  avxOnly.avx2 = avxOnly.fma = false;
  EXPECT_EQ(isaTierOf(avxOnly), IsaTier::Avx);
  EXPECT_EQ(isaTierOf(CpuFeatures{}), IsaTier::Unknown);
}

TEST(BlasKernel, OpenBlasCoreNamesAreRankedCaseInsensitively) {
  EXPECT_EQ(isaTierOfOpenBlasCore("Prescott"), IsaTier::Sse3);
  EXPECT_EQ(isaTierOfOpenBlasCore("nehalem"), IsaTier::Sse4);
  EXPECT_EQ(isaTierOfOpenBlasCore("Sandybridge"), IsaTier::Avx);
  EXPECT_EQ(isaTierOfOpenBlasCore("HASWELL"), IsaTier::Avx2);
  EXPECT_EQ(isaTierOfOpenBlasCore("Zen"), IsaTier::Avx2);
  EXPECT_EQ(isaTierOfOpenBlasCore("SkylakeX"), IsaTier::Avx512);
  EXPECT_EQ(isaTierOfOpenBlasCore("Cooperlake"), IsaTier::Avx512);
  EXPECT_EQ(isaTierOfOpenBlasCore("NEOVERSEN1"), IsaTier::Unknown);
  EXPECT_EQ(isaTierOfOpenBlasCore(""), IsaTier::Unknown);
  // The names chosen for a tier rank as that tier.
  for (IsaTier t : {IsaTier::Sse3, IsaTier::Sse4, IsaTier::Avx, IsaTier::Avx2, IsaTier::Avx512})
    EXPECT_EQ(isaTierOfOpenBlasCore(openBlasCoreFor(t)), t);
}

TEST(BlasKernel, PrescottOnAnAvx512VmRelaunchesWithSkylakeX) {
  const BlasDecision d = decideBlasKernel(openBlas(genericXeon(), "Prescott"));
  EXPECT_TRUE(d.relaunch);
  EXPECT_EQ(d.relaunchCoreType, "SkylakeX");
  EXPECT_EQ(d.relaunchChoice, "upgrade:Prescott:SkylakeX");
  EXPECT_EQ(d.coreDefault, "Prescott");
}

TEST(BlasKernel, HaswellOnAnAvx512CpuRelaunchesWithSkylakeX) {
  const BlasDecision d = decideBlasKernel(openBlas(genericXeon(), "Haswell"));
  EXPECT_TRUE(d.relaunch);
  EXPECT_EQ(d.relaunchCoreType, "SkylakeX");
}

TEST(BlasKernel, PrescottOnAnAvx2CpuRelaunchesWithHaswell) {
  const BlasDecision d = decideBlasKernel(openBlas(avx2Cpu(), "Prescott"));
  EXPECT_TRUE(d.relaunch);
  EXPECT_EQ(d.relaunchCoreType, "Haswell");
}

TEST(BlasKernel, TheBestKernelForTheCpuIsKept) {
  for (const auto& [cpu, core] : {std::pair{genericXeon(), "Cooperlake"}, std::pair{genericXeon(), "SkylakeX"},
                                  std::pair{avx2Cpu(), "Haswell"}, std::pair{avx2Cpu(), "Zen"},
                                  std::pair{sse3Cpu(), "Prescott"}}) {
    const BlasDecision d = decideBlasKernel(openBlas(cpu, core));
    EXPECT_FALSE(d.relaunch) << core;
    EXPECT_FALSE(d.changed) << core;
    EXPECT_EQ(d.coreDefault, core);
    EXPECT_NE(d.reason.find("best kernel"), std::string::npos) << d.reason;
  }
}

TEST(BlasKernel, AUserSetCoreTypeIsNeverOverridden) {
  BlasInputs in = openBlas(genericXeon(), "Prescott");
  in.coreTypeEnv = "Prescott";
  const BlasDecision d = decideBlasKernel(in);
  EXPECT_FALSE(d.relaunch);
  EXPECT_FALSE(d.changed);
  EXPECT_NE(d.reason.find("set by the user"), std::string::npos) << d.reason;
}

TEST(BlasKernel, KeepTurnsTheChoiceOff) {
  BlasInputs in = openBlas(genericXeon(), "Prescott");
  in.studioBlasEnv = "keep";
  const BlasDecision d = decideBlasKernel(in);
  EXPECT_FALSE(d.relaunch);
  EXPECT_NE(d.reason.find("VAE_STUDIO_BLAS=keep"), std::string::npos) << d.reason;
}

TEST(BlasKernel, AnotherBlasOrAFixedBuildIsLeftAlone) {
  BlasInputs other = openBlas(genericXeon(), "");
  EXPECT_FALSE(decideBlasKernel(other).relaunch);
  BlasInputs fixed = openBlas(genericXeon(), "Prescott");
  fixed.dynamicArch = false;  // OPENBLAS_CORETYPE would do nothing
  EXPECT_FALSE(decideBlasKernel(fixed).relaunch);
  BlasInputs unknown = openBlas(genericXeon(), "SomeFutureCore");
  EXPECT_FALSE(decideBlasKernel(unknown).relaunch);
}

TEST(BlasKernel, AfterTheRelaunchTheNewKernelIsReportedAndNeverRelaunchedAgain) {
  BlasInputs in = openBlas(genericXeon(), "SkylakeX");
  in.coreTypeEnv = "SkylakeX";
  in.choiceEnv = "upgrade:Prescott:SkylakeX";
  const BlasDecision d = decideBlasKernel(in);
  EXPECT_FALSE(d.relaunch);
  EXPECT_TRUE(d.changed);
  EXPECT_EQ(d.relaunches, 1);
  EXPECT_EQ(d.coreDefault, "Prescott");
  EXPECT_NE(d.reason.find("Intel(R) Xeon(R) Processor"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("using SkylakeX"), std::string::npos) << d.reason;
}

TEST(BlasKernel, AKernelFailingTheGemmCheckFallsBackToOpenBlasOwnChoice) {
  BlasInputs in = openBlas(genericXeon(), "SkylakeX");
  in.coreTypeEnv = "SkylakeX";
  in.choiceEnv = "upgrade:Prescott:SkylakeX";
  in.gemmCheckPassed = false;
  const BlasDecision back = decideBlasKernel(in);
  ASSERT_TRUE(back.relaunch);
  EXPECT_EQ(back.relaunchCoreType, "Prescott");
  EXPECT_EQ(back.relaunchChoice, "rejected:Prescott:SkylakeX");

  BlasInputs after = openBlas(genericXeon(), "Prescott");
  after.coreTypeEnv = back.relaunchCoreType;
  after.choiceEnv = back.relaunchChoice;
  const BlasDecision d = decideBlasKernel(after);
  EXPECT_FALSE(d.relaunch);
  EXPECT_FALSE(d.changed);
  EXPECT_TRUE(d.warn);
  EXPECT_EQ(d.relaunches, 2);
  EXPECT_NE(d.reason.find("SkylakeX failed the start-up GEMM check"), std::string::npos) << d.reason;
}

TEST(BlasKernel, ADefaultKernelFailingTheCheckFallsBackToPrescott) {
  BlasInputs in = openBlas(genericXeon(), "Haswell");
  in.gemmCheckPassed = false;
  const BlasDecision d = decideBlasKernel(in);
  ASSERT_TRUE(d.relaunch);
  EXPECT_EQ(d.relaunchCoreType, "Prescott");
  BlasInputs after = openBlas(genericXeon(), "Prescott");
  after.coreTypeEnv = d.relaunchCoreType;
  after.choiceEnv = d.relaunchChoice;
  const BlasDecision safe = decideBlasKernel(after);
  EXPECT_FALSE(safe.relaunch);
  EXPECT_TRUE(safe.changed);
  EXPECT_TRUE(safe.warn);
}

TEST(BlasKernel, AChildGivenAnotherKernelOnPurposeKeepsIt) {
  // bench --compare-kernel runs a child with OPENBLAS_CORETYPE=Prescott while the marker of the parent's
  // relaunch is still in the environment: the marker no longer matches, so the value is the user's.
  BlasInputs in = openBlas(genericXeon(), "Prescott");
  in.coreTypeEnv = "Prescott";
  in.choiceEnv = "upgrade:Haswell:SkylakeX";
  const BlasDecision d = decideBlasKernel(in);
  EXPECT_FALSE(d.relaunch);
  EXPECT_NE(d.reason.find("set by the user"), std::string::npos) << d.reason;
}

// Every start of the process, simulated: OpenBLAS takes OPENBLAS_CORETYPE if set, else its own choice.
// Whatever the CPU, default and broken kernels, the chain ends, upgrades at most once and relaunches at most twice.
TEST(BlasKernel, RelaunchingAlwaysEndsAndUpgradesAtMostOnce) {
  const char* cores[] = {"Prescott", "Nehalem", "Sandybridge", "Haswell", "SkylakeX", "Cooperlake"};
  for (const CpuFeatures& cpu : {sse3Cpu(), avx2Cpu(), genericXeon()})
    for (const char* defaultCore : cores)
      for (const std::set<std::string>& broken :
           {std::set<std::string>{}, std::set<std::string>{"SkylakeX"}, std::set<std::string>{defaultCore},
            std::set<std::string>{"SkylakeX", "Haswell", defaultCore, "Prescott"}}) {
        std::string coreTypeEnv, choiceEnv;
        int starts = 0, upgrades = 0;
        for (;;) {
          ++starts;
          ASSERT_LE(starts, 3) << defaultCore;
          BlasInputs in = openBlas(cpu, coreTypeEnv.empty() ? defaultCore : coreTypeEnv);
          in.coreTypeEnv = coreTypeEnv;
          in.choiceEnv = choiceEnv;
          in.gemmCheckPassed = broken.count(in.coreName) == 0;
          const BlasDecision d = decideBlasKernel(in);
          EXPECT_EQ(d.relaunches, starts - 1);
          if (!d.relaunch) {
            // A kernel that failed its check is never the one kept when a passing one was available.
            if (broken.count(in.coreName) && !broken.count(defaultCore)) ADD_FAILURE() << in.coreName;
            break;
          }
          if (d.relaunchChoice.rfind("upgrade:", 0) == 0) ++upgrades;
          coreTypeEnv = d.relaunchCoreType;
          choiceEnv = d.relaunchChoice;
        }
        EXPECT_LE(upgrades, 1);
      }
}

// A plain column-major sgemm, right by construction; `error` adds a mistake at one element.
float gError = 0;
void referenceSgemm(const char* ta, const char* tb, const int* m, const int* n, const int* k, const float* alpha,
                    const float* a, const int* lda, const float* b, const int* ldb, const float* beta, float* c,
                    const int* ldc) {
  for (int i = 0; i < *m; ++i)
    for (int j = 0; j < *n; ++j) {
      float sum = 0;
      for (int p = 0; p < *k; ++p)
        sum += (*ta == 'N' ? a[p * *lda + i] : a[i * *lda + p]) * (*tb == 'N' ? b[j * *ldb + p] : b[p * *ldb + j]);
      c[j * *ldc + i] = *alpha * sum + *beta * c[j * *ldc + i];
    }
  c[(*m / 2) + (*n / 2) * *ldc] += gError;
}

TEST(BlasKernel, GemmCheckAcceptsARightProductAndRefusesAWrongOne) {
  gError = 0;
  EXPECT_TRUE(sgemmMatchesReference(&referenceSgemm));
  gError = 0.05f;
  EXPECT_FALSE(sgemmMatchesReference(&referenceSgemm));
  gError = 0;
}

TEST(BlasKernel, GemmCheckPassesOnThisMachinesBlas) {
  const auto sgemm = reinterpret_cast<SgemmFunction>(dlsym(RTLD_DEFAULT, "sgemm_"));
  if (!sgemm) GTEST_SKIP() << "no sgemm_ in this process";
  EXPECT_TRUE(sgemmMatchesReference(sgemm));
  EXPECT_EQ(blasStatus().gemmCheck, "passed");
}

}  // namespace
}  // namespace vae
