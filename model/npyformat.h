#pragma once

#include "model/bytesource.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace vae {

// What an .npy header declares (NumPy format versions 1.0, 2.0 and 3.0).
struct NpyHeader {
  std::string descr;  // as written, e.g. "<f4", "|u1"
  char kind = 0;      // 'u' unsigned, 'i' signed, 'f' float, 'b' bool, ...
  int64_t itemSize = 0;
  bool bigEndian = false;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
  uint64_t headerBytes = 0;  // magic, version, length and dictionary: where the data begins
};

// Reads and checks the header at the start of src. `what` begins each problem ("" for an .npy file,
// "array 'x': " inside an .npz), so an error reads "FILE: array 'x': fortran_order arrays are not supported".
NpyHeader readNpyHeader(ByteSource& src, const std::string& what);

// The data as images, uint8 [N,C,H,W]: from N×H×W (gray) or N×H×W×C with C = 1 or 3, little-endian C order,
// uint8 (0..255) or float32/float64 in [0,1] (quantised to bytes; NaN, infinities and values outside [0,1] are
// refused, naming the first). Read a few MB at a time, so memory holds the result and one piece.
torch::Tensor readNpyImages(ByteSource& src, const NpyHeader& header, const std::string& what);

// The data as labels, int64 [N]: an integer array of shape (N,) or (N,1), values 0..kMaxNpyLabel.
torch::Tensor readNpyLabels(ByteSource& src, const NpyHeader& header, const std::string& what);

// Labels above this are refused: class counts and bars are sized by the largest label.
inline constexpr int64_t kMaxNpyLabel = 65535;

}  // namespace vae
