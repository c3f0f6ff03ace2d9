// See jsonint.h: integer fields read without nlohmann's undefined float-to-integer cast.
#include "model/jsonint.h"

#include <cmath>
#include <limits>
#include <string>

namespace vae {

namespace {

[[noreturn]] void notAnInteger(const nlohmann::json& j, const char* range) {
  throw nlohmann::json::type_error::create(302, std::string("expected ") + range + ", got " + j.dump(), &j);
}

// The whole double in [lowest, limit), or a type_error. limit is a power of two (2^63 or 2^64), exact as a
// double, so the comparison is exact too.
double wholeNumber(const nlohmann::json& j, double lowest, double limit, const char* range) {
  const double d = j.get<double>();
  if (!std::isfinite(d) || d != std::trunc(d) || d < lowest || d >= limit) notAnInteger(j, range);
  return d;
}

}  // namespace

int64_t jsonInt(const nlohmann::json& j) {
  constexpr const char* kRange = "a 64-bit integer";
  if (j.is_number_unsigned()) {
    if (j.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) notAnInteger(j, kRange);
    return static_cast<int64_t>(j.get<uint64_t>());
  }
  if (j.is_number_integer()) return j.get<int64_t>();
  if (j.is_number_float()) return static_cast<int64_t>(wholeNumber(j, -0x1p63, 0x1p63, kRange));
  return j.get<int64_t>();  // not a number: nlohmann's own type_error
}

uint64_t jsonUInt(const nlohmann::json& j) {
  constexpr const char* kRange = "an unsigned 64-bit integer";
  if (j.is_number_unsigned()) return j.get<uint64_t>();
  if (j.is_number_integer()) {
    if (j.get<int64_t>() < 0) notAnInteger(j, kRange);
    return static_cast<uint64_t>(j.get<int64_t>());
  }
  if (j.is_number_float()) return static_cast<uint64_t>(wholeNumber(j, 0.0, 0x1p64, kRange));
  return j.get<uint64_t>();
}

std::vector<int64_t> jsonIntList(const nlohmann::json& j) {
  if (!j.is_array()) return j.get<std::vector<int64_t>>();  // nlohmann's own type_error
  std::vector<int64_t> values;
  values.reserve(j.size());
  for (const auto& v : j) values.push_back(jsonInt(v));
  return values;
}

}  // namespace vae
