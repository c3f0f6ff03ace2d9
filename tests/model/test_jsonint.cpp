// Integer fields from a checkpoint's JSON: whole numbers in range are read, anything else is a
// nlohmann::json::type_error (never nlohmann's undefined float-to-integer cast).
#include "model/jsonint.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "model/vaeconfig.h"

namespace vae {
namespace {

using json = nlohmann::json;

TEST(JsonInt, ReadsWholeNumbersInRange) {
  EXPECT_EQ(jsonInt(json(42)), 42);
  EXPECT_EQ(jsonInt(json(-7)), -7);
  EXPECT_EQ(jsonInt(json(3.0)), 3);
  EXPECT_EQ(jsonInt(json::parse("9223372036854775807")), INT64_MAX);
  EXPECT_EQ(jsonInt(json(-0x1p63)), INT64_MIN);
  EXPECT_EQ(jsonUInt(json::parse("18446744073709551615")), UINT64_MAX);
  EXPECT_EQ(jsonUInt(json(12.0)), 12u);
  EXPECT_EQ(jsonIntList(json::parse("[1, 2.0, -3]")), (std::vector<int64_t>{1, 2, -3}));
}

TEST(JsonInt, RefusesWhatNoIntegerHolds) {
  EXPECT_THROW(jsonInt(json(7.77778e100)), json::type_error);   // the fuzzer's value
  EXPECT_THROW(jsonInt(json(-1e19)), json::type_error);
  EXPECT_THROW(jsonInt(json(0x1p63)), json::type_error);        // one past INT64_MAX
  EXPECT_THROW(jsonInt(json::parse("9223372036854775808")), json::type_error);
  EXPECT_THROW(jsonInt(json(2.5)), json::type_error);
  EXPECT_THROW(jsonInt(json(std::nan(""))), json::type_error);
  EXPECT_THROW(jsonInt(json("12")), json::type_error);
  EXPECT_THROW(jsonUInt(json(-1)), json::type_error);
  EXPECT_THROW(jsonUInt(json(0x1p64)), json::type_error);
  EXPECT_THROW(jsonIntList(json::parse("[1, 1e300]")), json::type_error);
  EXPECT_THROW(jsonIntList(json(5)), json::type_error);
}

// Through a real reader: a model config whose latent size is 1e100 is a one-line "bad model config".
TEST(JsonInt, ModelConfigWithAHugeFloatIsRefused) {
  json j = VaeConfig{}.toJson();
  j["latent_dim"] = 7.77778e100;
  try {
    VaeConfig::fromJson(j);
    FAIL() << "accepted a latent size of 7.8e100";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("bad model config"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace vae
