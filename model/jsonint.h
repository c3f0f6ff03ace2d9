#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

namespace vae {

// Integer fields of the JSON inside a checkpoint. nlohmann's get<int64_t>() converts a floating-point
// number with a plain static_cast, which is undefined behaviour outside the integer's range (fuzzing found
// a damaged checkpoint whose "latent_dim" was 7.8e100). These accept a JSON integer in range, or a
// floating-point number with a whole value in range, and otherwise throw nlohmann::json::type_error,
// as get<>() does for a wrong type, so every caller's existing handling applies.
int64_t jsonInt(const nlohmann::json& j);
uint64_t jsonUInt(const nlohmann::json& j);
std::vector<int64_t> jsonIntList(const nlohmann::json& j);

}  // namespace vae
