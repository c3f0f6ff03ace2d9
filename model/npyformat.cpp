#include "model/npyformat.h"

#include "model/dataset.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace vae {

namespace {

constexpr char kNpyMagic[] = "\x93NUMPY";
constexpr size_t kNpyMagicSize = 6;
// Magic, two version bytes and the header length (2 bytes in version 1, 4 in versions 2 and 3).
constexpr size_t kPrefixV1 = 10;
constexpr size_t kPrefixV2 = 12;
// NumPy pads its headers to 64 bytes and keeps them small; a longer one is damage, not a dictionary.
constexpr uint64_t kMaxHeaderSize = 1 << 20;
// No real image is larger than this per side; the cap keeps every product of dimensions inside 64 bits.
constexpr int64_t kMaxSide = 16384;
// Largest dimension accepted in a shape, far beyond any real file, to keep products finite.
constexpr int64_t kMaxDimension = int64_t{1} << 40;
// Bytes of pixel data converted per piece: bounds the float copy while reading.
constexpr uint64_t kPieceBytes = uint64_t{16} << 20;
constexpr size_t kMaxDims = 8;

[[noreturn]] void fail(const ByteSource& src, const std::string& what, const std::string& problem) {
  throw DatasetError(src.file(), what + problem);
}

// A cursor over the header's Python dictionary literal, e.g.
// {'descr': '<f4', 'fortran_order': False, 'shape': (60000, 28, 28), }
class DictParser {
 public:
  DictParser(const std::string& text, const ByteSource& src, const std::string& what)
      : s_(text), src_(src), what_(what) {}

  NpyHeader parse() {
    NpyHeader h;
    bool haveDescr = false, haveOrder = false, haveShape = false;
    expect('{');
    while (!peek('}')) {
      const std::string key = string();
      expect(':');
      if (key == "descr") {
        if (peek('[')) bad("structured dtypes (a list in 'descr') are not supported");
        h.descr = string();
        haveDescr = true;
      } else if (key == "fortran_order") {
        h.fortranOrder = boolean();
        haveOrder = true;
      } else if (key == "shape") {
        h.shape = tuple();
        haveShape = true;
      } else {
        bad("unexpected key '" + key + "' in the header");
      }
      if (!peek('}')) expect(',');
    }
    expect('}');
    if (!haveDescr || !haveOrder || !haveShape) bad("the header lacks 'descr', 'fortran_order' or 'shape'");
    return h;
  }

 private:
  [[noreturn]] void bad(const std::string& problem) const { fail(src_, what_, problem); }
  void skipSpace() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool peek(char c) {
    skipSpace();
    return i_ < s_.size() && s_[i_] == c;
  }
  void expect(char c) {
    if (!peek(c)) bad(std::string("malformed header dictionary (expected '") + c + "' at offset " + std::to_string(i_) + ")");
    ++i_;
  }
  std::string string() {
    skipSpace();
    if (i_ >= s_.size() || (s_[i_] != '\'' && s_[i_] != '"')) bad("malformed header dictionary (expected a string)");
    const char quote = s_[i_++];
    const size_t end = s_.find(quote, i_);
    if (end == std::string::npos) bad("malformed header dictionary (unterminated string)");
    std::string out = s_.substr(i_, end - i_);
    i_ = end + 1;
    return out;
  }
  bool boolean() {
    skipSpace();
    for (const auto& [word, value] : {std::pair{"True", true}, std::pair{"False", false}})
      if (s_.compare(i_, std::strlen(word), word) == 0) {
        i_ += std::strlen(word);
        return value;
      }
    bad("malformed header dictionary ('fortran_order' is not True or False)");
  }
  std::vector<int64_t> tuple() {
    std::vector<int64_t> dims;
    expect('(');
    while (!peek(')')) {
      if (dims.size() == kMaxDims) bad("the shape has more than " + std::to_string(kMaxDims) + " dimensions");
      int64_t v = 0;
      const size_t start = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
        v = v * 10 + (s_[i_++] - '0');
        if (v > kMaxDimension) bad("implausible dimension in the shape");
      }
      if (i_ == start) bad("malformed shape in the header (expected a non-negative integer)");
      if (i_ < s_.size() && s_[i_] == 'L') ++i_;  // Python 2's long suffix
      dims.push_back(v);
      if (!peek(')')) expect(',');
    }
    expect(')');
    return dims;
  }

  const std::string& s_;
  const ByteSource& src_;
  const std::string& what_;
  size_t i_ = 0;
};

void parseDescr(NpyHeader& h, const ByteSource& src, const std::string& what) {
  const std::string& d = h.descr;
  int64_t size = 0;
  const bool digits = d.size() >= 3 && std::all_of(d.begin() + 2, d.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && d.size() <= 4) size = std::stoll(d.substr(2));
  if (!digits || d.size() > 4 || std::string("<>|=").find(d[0]) == std::string::npos || size < 1)
    fail(src, what, "unsupported dtype '" + d + "'");
  h.kind = d[1];
  h.itemSize = size;
  h.bigEndian = d[0] == '>' && size > 1;
}

std::string shapeText(const std::vector<int64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

// The data must be exactly what the header declares: checked before anything is allocated.
void checkDataSize(const ByteSource& src, const NpyHeader& h, const std::string& what) {
  // Far beyond any file, and small enough that count * itemSize cannot wrap.
  constexpr uint64_t kMaxBytes = uint64_t{1} << 62;
  uint64_t count = 1;
  for (int64_t d : h.shape) {
    if (d != 0 && count > kMaxBytes / static_cast<uint64_t>(d)) fail(src, what, "implausible shape " + shapeText(h.shape));
    count *= static_cast<uint64_t>(d);
  }
  if (count > kMaxBytes / static_cast<uint64_t>(h.itemSize)) fail(src, what, "implausible shape " + shapeText(h.shape));
  const uint64_t need = count * static_cast<uint64_t>(h.itemSize);
  const uint64_t have = src.size() - h.headerBytes;
  if (have < need)
    fail(src, what, "truncated: the header declares " + shapeText(h.shape) + " of '" + h.descr + "' (" +
                        std::to_string(need) + " bytes) but the data holds " + std::to_string(have));
  if (have > need)
    fail(src, what, "size mismatch: the header declares " + shapeText(h.shape) + " of '" + h.descr + "' (" +
                        std::to_string(need) + " bytes) but the data holds " + std::to_string(have));
}

torch::ScalarType imageType(const NpyHeader& h) {
  if (h.kind == 'u' && h.itemSize == 1) return torch::kUInt8;
  if (h.kind == 'f' && h.itemSize == 4) return torch::kFloat32;
  if (h.kind == 'f' && h.itemSize == 8) return torch::kFloat64;
  return torch::kBool;  // "unsupported"
}

// Float pixels must be finite and in [0,1]; names the first that is not (0..255 data saved as float is the
// usual cause, hence the hint).
void checkUnitRange(const torch::Tensor& piece, int64_t firstImage, const ByteSource& src, const std::string& what) {
  const torch::Tensor bad = torch::isfinite(piece).logical_not().logical_or(piece < 0).logical_or(piece > 1);
  if (!bad.any().item<bool>()) return;
  const torch::Tensor at = bad.reshape({-1}).nonzero()[0][0];
  const int64_t flat = at.item<int64_t>();
  const int64_t perImage = piece.numel() / piece.size(0);
  const double value = piece.reshape({-1})[flat].item<double>();
  fail(src, what, "float pixel value " + std::to_string(value) + " in image " + std::to_string(firstImage + flat / perImage) +
                      " is outside [0,1]; float images must hold values in [0,1] (save 0..255 data as uint8)");
}

}  // namespace

NpyHeader readNpyHeader(ByteSource& src, const std::string& what) {
  if (src.size() < kPrefixV1) fail(src, what, src.size() == 0 ? "empty file" : "too short for an .npy header");
  uint8_t prefix[kPrefixV2] = {};
  src.read(prefix, kPrefixV1);
  if (std::memcmp(prefix, kNpyMagic, kNpyMagicSize) != 0) {
    const bool zip = prefix[0] == 'P' && prefix[1] == 'K';
    fail(src, what, std::string("not an .npy file (bad magic)") + (zip ? "; this is a zip archive, use npz:FILE" : ""));
  }
  const int major = prefix[6], minor = prefix[7];
  if (major < 1 || major > 3)
    fail(src, what, "unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor));
  uint64_t length = uint64_t{prefix[8]} | (uint64_t{prefix[9]} << 8);
  uint64_t prefixSize = kPrefixV1;
  if (major >= 2) {
    if (src.size() < kPrefixV2) fail(src, what, "too short for an .npy header");
    src.read(prefix + kPrefixV1, kPrefixV2 - kPrefixV1);
    length |= (uint64_t{prefix[10]} << 16) | (uint64_t{prefix[11]} << 24);
    prefixSize = kPrefixV2;
  }
  if (length > kMaxHeaderSize || length > src.size() - prefixSize)
    fail(src, what, "truncated header: it declares " + std::to_string(length) + " bytes, the file holds " +
                        std::to_string(src.size() - prefixSize));
  std::string text(static_cast<size_t>(length), '\0');
  src.read(reinterpret_cast<uint8_t*>(text.data()), text.size());
  NpyHeader h = DictParser(text, src, what).parse();
  h.headerBytes = prefixSize + length;
  parseDescr(h, src, what);
  if (h.fortranOrder)
    fail(src, what, "fortran_order arrays are not supported; save a C-order copy (numpy.ascontiguousarray)");
  if (h.bigEndian) fail(src, what, "big-endian data ('" + h.descr + "') is not supported; save it little-endian");
  return h;
}

torch::Tensor readNpyImages(ByteSource& src, const NpyHeader& h, const std::string& what) {
  const torch::ScalarType type = imageType(h);
  if (type == torch::kBool)
    fail(src, what, "image dtype '" + h.descr + "' is not supported; expected uint8, float32 or float64");
  const bool hasChannels = h.shape.size() == 4;
  if ((h.shape.size() != 3 && !hasChannels) || (hasChannels && h.shape[3] != 1 && h.shape[3] != 3))
    fail(src, what, "image shape " + shapeText(h.shape) + " is not N×H×W or N×H×W×C with C = 1 or 3");
  const int64_t n = h.shape[0], height = h.shape[1], width = h.shape[2], channels = hasChannels ? h.shape[3] : 1;
  if (n == 0 || height == 0 || width == 0) fail(src, what, "no images: shape " + shapeText(h.shape));
  if (height > kMaxSide || width > kMaxSide) fail(src, what, "implausible image size in shape " + shapeText(h.shape));
  checkDataSize(src, h, what);

  torch::Tensor images = torch::empty({n, channels, height, width}, torch::kUInt8);
  const uint64_t imageBytes = static_cast<uint64_t>(height * width * channels * h.itemSize);
  const int64_t rows = static_cast<int64_t>(std::max<uint64_t>(1, kPieceBytes / imageBytes));
  std::vector<uint8_t> buffer(static_cast<size_t>(std::min(rows, n)) * imageBytes);
  for (int64_t begin = 0; begin < n; begin += rows) {
    const int64_t count = std::min(rows, n - begin);
    src.read(buffer.data(), static_cast<size_t>(count) * imageBytes);
    torch::Tensor piece = torch::from_blob(buffer.data(), {count, height, width, channels}, type);
    if (type != torch::kUInt8) {
      checkUnitRange(piece, begin, src, what);
      piece = unitToPixels(piece);
    }
    images.slice(0, begin, begin + count).copy_(piece.permute({0, 3, 1, 2}));
  }
  src.finish();
  return images;
}

torch::Tensor readNpyLabels(ByteSource& src, const NpyHeader& h, const std::string& what) {
  static const std::vector<std::pair<std::string, torch::ScalarType>> kTypes = {
      {"u1", torch::kUInt8}, {"i1", torch::kInt8}, {"i2", torch::kInt16}, {"i4", torch::kInt32}, {"i8", torch::kInt64},
      {"u2", torch::kInt16}, {"u4", torch::kInt32}, {"u8", torch::kInt64}};
  const std::string code = h.kind + std::to_string(h.itemSize);
  const auto type = std::find_if(kTypes.begin(), kTypes.end(), [&](const auto& t) { return t.first == code; });
  if (type == kTypes.end()) fail(src, what, "label dtype '" + h.descr + "' is not supported; expected an integer type");
  if (h.shape.empty() || h.shape.size() > 2 || (h.shape.size() == 2 && h.shape[1] != 1))
    fail(src, what, "label shape " + shapeText(h.shape) + " is not (N,) or (N, 1)");
  checkDataSize(src, h, what);
  const int64_t n = h.shape[0];
  std::vector<uint8_t> buffer(static_cast<size_t>(n * h.itemSize));
  src.read(buffer.data(), buffer.size());
  src.finish();
  // Unsigned 2-, 4- and 8-byte labels are read as their signed twins: a value past the signed range shows as
  // negative and is refused below with everything else out of range.
  // copy=true: int64 labels would otherwise stay a view of the buffer that dies here.
  torch::Tensor labels = torch::from_blob(buffer.data(), {n}, type->second).to(torch::kLong, false, /*copy=*/true);
  const torch::Tensor bad = (labels < 0).logical_or(labels > kMaxNpyLabel).nonzero();
  if (bad.size(0) > 0) {
    const int64_t at = bad[0][0].item<int64_t>();
    fail(src, what, "label value " + std::to_string(labels[at].item<int64_t>()) + " at " + std::to_string(at) +
                        " out of range (expected 0.." + std::to_string(kMaxNpyLabel) + ")");
  }
  return labels;
}

}  // namespace vae
