#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace vae {

// What this process computes on: CPU and its instruction sets, the BLAS library and kernel (see blaskernel.h),
// LibTorch's threads and oneDNN. One source for `info --system`, `bench --json` and Help > About.
// Keys: cpu, cpu_vendor, cpu_family, cpu_model, isa (list), isa_tier, blas_library, blas_config, blas_core,
// blas_core_default, blas_core_best, blas_changed, blas_reason, blas_gemm_check, blas_relaunches, torch_version,
// torch_threads, cores, onednn, bf16_native, amx, env (the variables a child process needs for the same kernel).
nlohmann::ordered_json systemInfoJson();

// The same as labelled lines for people: {"CPU", "Intel(R) Xeon(R) ..."}, {"BLAS kernel", "SkylakeX (...)"}, ...
std::vector<std::pair<std::string, std::string>> systemInfoRows();

}  // namespace vae
