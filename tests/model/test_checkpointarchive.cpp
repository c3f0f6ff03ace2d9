// picklePreflight walks a pickle as LibTorch 1.13's unpickler would and must refuse exactly what would make
// LibTorch allocate gigabytes or read below its stack, while every pickle our own checkpoints contain passes.
#include "model/checkpointarchive.h"

#include <caffe2/serialize/inline_container.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <unistd.h>

#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/trainer.h"

namespace {

using namespace std::string_literals;

// A protocol-2 pickle: PROTO 2, the body, STOP.
std::string pickle(const std::string& body) { return std::string("\x80\x02", 2) + body + "."; }

std::string problemOf(const std::string& bytes) {
  return vae::picklePreflight(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

const char* const kUnderflow = "pickle pops more than its stack holds";

TEST(PicklePreflight, WellFormedContainersPass) {
  EXPECT_EQ(problemOf(pickle("N")), "");
  EXPECT_EQ(problemOf(pickle("(K\x01K\x02t")), "");                       // (1, 2)
  EXPECT_EQ(problemOf(pickle("K\x01K\x02\x86")), "");                      // TUPLE2
  EXPECT_EQ(problemOf(pickle("](K\x01K\x02" "e")), "");                    // [1, 2] by APPENDS
  EXPECT_EQ(problemOf(pickle("}(X\x01\x00\x00\x00" "aK\x01u"s)), "");      // {'a': 1} by SETITEMS
  EXPECT_EQ(problemOf(pickle("}X\x01\x00\x00\x00" "aK\x01s"s)), "");       // SETITEM
  EXPECT_EQ(problemOf(pickle("(X\x01\x00\x00\x00" "aK\x01" "d"s)), "");    // DICT
  EXPECT_EQ(problemOf(pickle("K\x01q\x00h\x00\x86"s)), "");                 // BINPUT, BINGET
  EXPECT_EQ(problemOf(pickle("ctorch\nFloatStorage\n" "0")), "");          // unknown opcode: LibTorch's to refuse
}

TEST(PicklePreflight, PopsBelowTheStackAreRefused) {
  EXPECT_EQ(problemOf(pickle("\x87")), kUnderflow);                        // TUPLE3 on nothing
  EXPECT_EQ(problemOf(pickle("K\x01\x86")), kUnderflow);                   // TUPLE2 on one item
  EXPECT_EQ(problemOf(pickle("\x85")), kUnderflow);                        // TUPLE1
  EXPECT_EQ(problemOf(pickle("q\x00"s)), kUnderflow);                       // BINPUT with nothing to store
  EXPECT_EQ(problemOf(pickle(std::string("r\x00\x00\x00\x00", 5))), kUnderflow);
  EXPECT_EQ(problemOf(pickle("K\x01s")), kUnderflow);                      // SETITEM on one item
  EXPECT_EQ(problemOf(pickle("K\x01R")), kUnderflow);                      // REDUCE on one item
  EXPECT_EQ(problemOf(pickle("b")), kUnderflow);                           // BUILD
  EXPECT_EQ(problemOf(pickle("Q")), kUnderflow);                           // BINPERSID
  EXPECT_EQ(problemOf(pickle("\x81")), kUnderflow);                        // NEWOBJ
}

TEST(PicklePreflight, MarksMustBeOpenAndAtOrBelowTheStack) {
  EXPECT_EQ(problemOf(pickle("t")), kUnderflow);                           // TUPLE without MARK
  EXPECT_EQ(problemOf(pickle("l")), kUnderflow);                           // LIST without MARK
  EXPECT_EQ(problemOf(pickle("d")), kUnderflow);                           // DICT without MARK
  // Two items, MARK at 2, TUPLE2 leaves one: the mark is above the stack.
  EXPECT_EQ(problemOf(pickle("K\x01K\x02(\x86t")), kUnderflow);
  // APPENDS and SETITEMS need their container below the mark.
  EXPECT_EQ(problemOf(pickle("(K\x01" "e")), kUnderflow);
  EXPECT_EQ(problemOf(pickle("(K\x01K\x02u")), kUnderflow);
  // A key without its value.
  EXPECT_EQ(problemOf(pickle("}(K\x01u")), kUnderflow);
  EXPECT_EQ(problemOf(pickle("(K\x01" "d")), kUnderflow);
}

TEST(PicklePreflight, SizesBeyondTheRecordAreRefused) {
  EXPECT_EQ(problemOf(pickle(std::string("X\xff\xff\xff\x7f", 5))), "pickle length 2147483647 beyond the end of the record");
  EXPECT_EQ(problemOf(pickle(std::string("N" "r\xff\xff\xff\xff", 6))), "pickle memo index out of range");
  EXPECT_EQ(problemOf(std::string("\x80\x02K", 3)), "pickle ends inside an argument");
  EXPECT_EQ(problemOf(std::string("\x80\x02N", 3)), "pickle has no STOP");
}

// Every pickle record in a checkpoint we write passes, so the walk's stack rules match what LibTorch's
// pickler really emits (tensors, dicts, lists, the module object), for both architectures after training.
class OwnCheckpoints : public ::testing::TestWithParam<vae::Architecture> {};

TEST_P(OwnCheckpoints, EveryPicklePasses) {
  vae::ShapesOptions shapes;
  shapes.count = 80;
  vae::VaeConfig model;
  model.architecture = GetParam();
  model.hiddenSizes = {16};
  model.latentDim = 2;
  model.convChannels = {4, 8};
  model.convHidden = 16;
  vae::TrainConfig training;
  training.epochs = 1;
  training.batchSize = 40;
  vae::Trainer trainer(model, training, vae::makeShapes(shapes));
  trainer.runEpoch();  // Adam moments and history rows are in the file too
  const auto path = std::filesystem::temp_directory_path() / ("vae-pickle-" + std::to_string(::getpid()) + ".vaestudio");
  vae::Checkpoint::capture(trainer, "shapes:28:80").save(path.string());
  std::ifstream file(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);

  std::istringstream in(bytes);
  caffe2::serialize::PyTorchStreamReader reader(&in);
  int pickles = 0;
  for (const std::string& name : reader.getAllRecords()) {
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".pkl") != 0) continue;
    auto [data, size] = reader.getRecord(name);
    EXPECT_EQ(vae::picklePreflight(static_cast<const uint8_t*>(data.get()), size), "") << name;
    ++pickles;
  }
  EXPECT_GE(pickles, 2);  // data.pkl and constants.pkl at least
  EXPECT_NO_THROW(vae::checkArchiveBytes(bytes));
}

INSTANTIATE_TEST_SUITE_P(PicklePreflight, OwnCheckpoints,
                         ::testing::Values(vae::Architecture::Mlp, vae::Architecture::Conv));

}  // namespace
