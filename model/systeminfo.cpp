#include "model/systeminfo.h"

#include "model/blaskernel.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <cstdlib>
#include <thread>

namespace vae {

namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

// "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ..." -> "OpenBLAS 0.3.21"
std::string blasVersion(const BlasStatus& s) {
  if (s.openBlasConfig.empty()) return "not OpenBLAS";
  const auto second = s.openBlasConfig.find(' ', s.openBlasConfig.find(' ') + 1);
  return s.openBlasConfig.substr(0, second);
}

std::string yesNo(bool b) { return b ? "yes" : "no"; }

}  // namespace

nlohmann::ordered_json systemInfoJson() {
  const BlasStatus& s = blasStatus();
  nlohmann::ordered_json env = nlohmann::ordered_json::object();
  if (!s.childCoreType.empty()) env[kOpenBlasCoreTypeEnv] = s.childCoreType;
  if (!s.childChoice.empty()) env[kBlasChoiceEnv] = s.childChoice;
  return {{"cpu", s.cpu.modelName},
          {"cpu_vendor", s.cpu.vendor},
          {"cpu_family", s.cpu.family},
          {"cpu_model", s.cpu.model},
          {"isa", s.cpu.flagNames()},
          {"isa_tier", toString(s.cpuTier)},
          {"blas_library", s.library},
          {"blas_config", s.openBlasConfig},
          {"blas_core", s.coreInUse},
          {"blas_core_default", s.decision.coreDefault},
          {"blas_core_best", s.coreBest},
          {"blas_changed", s.decision.changed},
          {"blas_reason", s.decision.reason},
          {"blas_gemm_check", s.gemmCheck},
          {"blas_relaunches", s.decision.relaunches},
          {"torch_version", TORCH_VERSION},
          {"torch_threads", at::get_num_threads()},
          {"cores", std::thread::hardware_concurrency()},
          {"onednn", at::hasMKLDNN()},
          {"bf16_native", s.cpu.nativeBf16()},
          {"amx", s.cpu.amxTile && s.cpu.amxBf16},
          {"env", env}};
}

std::vector<std::pair<std::string, std::string>> systemInfoRows() {
  const BlasStatus& s = blasStatus();
  std::string cpu = s.cpu.modelName.empty() ? "unknown" : s.cpu.modelName;
  if (!s.cpu.vendor.empty())
    cpu += " (" + s.cpu.vendor + ", family " + std::to_string(s.cpu.family) + ", model " +
           std::to_string(s.cpu.model) + ", " + std::to_string(std::thread::hardware_concurrency()) + " cores)";
  std::string kernel = s.coreInUse.empty() ? "chosen by the library" : s.coreInUse;
  if (!s.coreInUse.empty())
    kernel += s.decision.changed                    ? " (OpenBLAS chose " + s.decision.coreDefault + ")"
              : std::getenv("OPENBLAS_CORETYPE") ? " (as OPENBLAS_CORETYPE asks)"  // the user's, not OpenBLAS's
                                                 : " (OpenBLAS's own choice)";
  return {{"CPU", cpu},
          {"Instruction sets", joined(s.cpu.flagNames())},
          {"BLAS", blasVersion(s) + (s.library.empty() ? "" : ", " + s.library)},
          {"BLAS kernel", kernel},
          {"Why", s.decision.reason},
          {"GEMM check", s.gemmCheck},
          {"LibTorch", std::string(TORCH_VERSION) + ", " + std::to_string(at::get_num_threads()) +
                           (at::get_num_threads() == 1 ? " thread" : " threads")},
          {"oneDNN", yesNo(at::hasMKLDNN()) + (s.cpu.amxBf16 ? ", bf16 on AMX"
                                                 : s.cpu.nativeBf16() ? ", bf16 on AVX512-BF16"
                                                                      : ", bf16 emulated")}};
}

}  // namespace vae
