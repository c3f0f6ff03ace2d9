// See checkpointarchive.h: LibTorch 1.13 trusts the sizes inside an archive; these checks do not.
#include "model/checkpointarchive.h"

#include "model/errortext.h"

#include <caffe2/serialize/inline_container.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace vae {

namespace {

uint64_t littleEndian(const uint8_t* p, size_t bytes) {
  uint64_t v = 0;
  for (size_t k = bytes; k-- > 0;) v = (v << 8) | p[k];
  return v;
}

}  // namespace

// LibTorch 1.13's unpickler trusts what it reads. A memo index of 2^32 (LONG_BINPUT) or a string length of
// 2^32 makes it allocate gigabytes before anything is checked, and an opcode that pops more than the stack
// holds (TUPLE3 on one item, a MARK above what is left, SETITEM on an empty stack, BINPUT with nothing to
// store) reads below its std::vector. So each pickle is walked first the way Unpickler::readInstruction
// would run it, counting the stack and the MARKs without building any value:
//   - a length beyond the end of the record, or a memo index larger than the record (writers number them
//     0, 1, 2, ... and each takes at least two bytes), is refused;
//   - an opcode that would pop more than the stack holds, or a MARK above the stack, is refused.
// Each global call (REDUCE/BUILD) counts as LibTorch's own ones do: pop the argument, push the result. The
// walk ends at STOP, or at the first opcode LibTorch does not know (its own unpickler refuses that one, and
// nothing after it is read). Returns the problem, or an empty string.
std::string picklePreflight(const uint8_t* p, size_t size) {
  size_t i = 0;
  size_t depth = 0;            // values on the unpickler's stack
  std::vector<size_t> marks;   // stack depths at each open MARK
  auto skipLine = [&]() {
    const void* nl = std::memchr(p + i, '\n', size - i);
    if (!nl) return false;
    i = static_cast<size_t>(static_cast<const uint8_t*>(nl) - p) + 1;
    return true;
  };
  // Stack effects; each returns false when LibTorch would read below its stack.
  auto pop = [&](size_t n) {
    if (depth < n) return false;
    depth -= n;
    return true;
  };
  auto takeMark = [&](size_t& mark) {
    if (marks.empty() || marks.back() > depth) return false;
    mark = marks.back();
    marks.pop_back();
    return true;
  };
  const std::string underflow = "pickle pops more than its stack holds";
  bool first = true;
  while (i < size) {
    const uint8_t op = p[i++];
    size_t fixed = 0;     // bytes of a fixed-size argument
    size_t lengthOf = 0;  // bytes of a length prefix, followed by that many bytes
    bool memo = false;    // the argument is a memo index
    size_t mark = 0;
    if (first) {
      // LibTorch reads PROTO first and refuses anything else itself.
      first = false;
      if (op != 0x80) return {};
      fixed = 1;
    } else {
      switch (op) {
        case '.':  // STOP
          return {};
        case '(':  // MARK
          marks.push_back(depth);
          break;
        case ']': case ')': case 0x88: case 0x89: case 'N': case '}':  // empty list/tuple/dict, True, False, None
          ++depth;
          break;
        case 'K': ++depth; fixed = 1; break;              // BININT1
        case 'M': ++depth; fixed = 2; break;              // BININT2
        case 'J': ++depth; fixed = 4; break;              // BININT
        case 'G': ++depth; fixed = 8; break;              // BINFLOAT
        case 0x8a: ++depth; lengthOf = 1; break;          // LONG1
        case 'X': ++depth; lengthOf = 4; break;           // BINUNICODE
        case 'h': ++depth; fixed = 1; break;              // BINGET (LibTorch checks the index itself)
        case 'j': ++depth; fixed = 4; break;              // LONG_BINGET
        case 'q':                                          // BINPUT: memoises the top value
          if (depth == 0) return underflow;
          fixed = 1;
          break;
        case 'r':                                          // LONG_BINPUT
          if (depth == 0) return underflow;
          fixed = 4;
          memo = true;
          break;
        case 't':  // TUPLE: everything above the mark becomes one tuple
          if (!takeMark(mark)) return underflow;
          depth = mark + 1;
          break;
        case 0x85: case 0x86: case 0x87:  // TUPLE1, TUPLE2, TUPLE3: the top 1, 2 or 3 become one tuple
          if (!pop(op - 0x84u)) return underflow;
          ++depth;
          break;
        case 'l':  // LIST
          if (!takeMark(mark)) return underflow;
          depth = mark + 1;
          break;
        case 'e':  // APPENDS: the list sits just below the mark
          if (!takeMark(mark) || mark == 0) return underflow;
          depth = mark;
          break;
        case 'd':  // DICT: key/value pairs above the mark
          if (!takeMark(mark) || (depth - mark) % 2 != 0) return underflow;
          depth = mark + 1;
          break;
        case 'u':  // SETITEMS: the dict sits just below the mark
          if (!takeMark(mark) || mark == 0 || (depth - mark) % 2 != 0) return underflow;
          depth = mark;
          break;
        case 's':  // SETITEM: dict, key, value; the dict stays
          if (!pop(3)) return underflow;
          ++depth;
          break;
        case 0x81:  // NEWOBJ: pops the (empty) argument tuple
          if (!pop(1)) return underflow;
          break;
        case 'R': case 'b':  // REDUCE, BUILD: function index and argument become the result
          if (!pop(2)) return underflow;
          ++depth;
          break;
        case 'Q':  // BINPERSID: a storage tuple becomes a tensor
          if (!pop(1)) return underflow;
          ++depth;
          break;
        case 'c':  // GLOBAL: module and name lines; pushes the global's index
          if (!skipLine() || !skipLine()) return "pickle ends inside an argument";
          ++depth;
          continue;
        default:  // LibTorch 1.13 does not know it and stops here with its own error
          return {};
      }
    }
    if (lengthOf > 0) {
      if (size - i < lengthOf) return "pickle ends inside an argument";
      const uint64_t length = littleEndian(p + i, lengthOf);
      i += lengthOf;
      if (length > size - i) return "pickle length " + std::to_string(length) + " beyond the end of the record";
      i += static_cast<size_t>(length);
    } else if (fixed > 0) {
      if (size - i < fixed) return "pickle ends inside an argument";
      if (memo && littleEndian(p + i, fixed) > size) return "pickle memo index out of range";
      i += fixed;
    }
  }
  return "pickle has no STOP";
}

namespace {

// zlib's documented worst case: deflate never expands data by more than 1032:1.
constexpr uint64_t kMaxDeflateRatio = 1032;

// LibTorch allocates a zip record's declared uncompressed size before inflating it, so a forged size in
// the central directory makes a 20 KB file allocate gigabytes. Each entry's sizes must be possible: a
// stored entry is as long as its data, a deflated one at most 1032 times its compressed data, and no
// compressed data is longer than the file. Returns the problem, or an empty string (also for anything
// that is not a zip: LibTorch refuses that itself).
std::string zipSizesProblem(const std::string& bytes) {
  const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  constexpr size_t kEndRecord = 22, kMaxComment = 65535, kEntryHeader = 46;
  if (n < kEndRecord) return {};
  // The end-of-central-directory record: the last "PK\5\6" that leaves room for the record.
  size_t end = std::string::npos;
  const size_t lowest = n > kEndRecord + kMaxComment ? n - kEndRecord - kMaxComment : 0;
  for (size_t i = n - kEndRecord + 1; i-- > lowest;)
    if (littleEndian(b + i, 4) == 0x06054b50) {
      end = i;
      break;
    }
  if (end == std::string::npos) return {};
  uint64_t entries = littleEndian(b + end + 10, 2);
  uint64_t offset = littleEndian(b + end + 16, 4);
  // A zip64 locator just before the record points at the zip64 end record with the 64-bit values.
  if (end >= 20 && littleEndian(b + end - 20, 4) == 0x07064b50) {
    const uint64_t z64 = littleEndian(b + end - 20 + 8, 8);
    if (n < 56 || z64 > n - 56 || littleEndian(b + z64, 4) != 0x06064b50) return "damaged zip64 end record";
    entries = littleEndian(b + z64 + 32, 8);
    offset = littleEndian(b + z64 + 48, 8);
  }
  for (uint64_t e = 0; e < entries; ++e) {
    if (offset > n || n - offset < kEntryHeader || littleEndian(b + offset, 4) != 0x02014b50)
      return "damaged zip central directory";
    const uint8_t* h = b + offset;
    const uint64_t method = littleEndian(h + 10, 2);
    uint64_t compressed = littleEndian(h + 20, 4), uncompressed = littleEndian(h + 24, 4);
    const size_t nameLength = littleEndian(h + 28, 2), extraLength = littleEndian(h + 30, 2),
                 commentLength = littleEndian(h + 32, 2);
    if (n - offset - kEntryHeader < nameLength + extraLength + commentLength) return "damaged zip central directory";
    // zip64 sizes: extra field 0x0001 holds the uncompressed, then the compressed size, each only when its
    // 32-bit field is 0xffffffff.
    const uint8_t* x = h + kEntryHeader + nameLength;
    for (size_t left = extraLength; left >= 4;) {
      const size_t id = littleEndian(x, 2), length = littleEndian(x + 2, 2);
      if (length > left - 4) break;
      if (id == 1) {
        size_t at = 4;
        if (uncompressed == 0xffffffff && at + 8 <= 4 + length) uncompressed = littleEndian(x + at, 8), at += 8;
        if (compressed == 0xffffffff && at + 8 <= 4 + length) compressed = littleEndian(x + at, 8);
      }
      x += 4 + length;
      left -= 4 + length;
    }
    const bool possible = compressed <= n && (method == 0 ? uncompressed == compressed
                                                          : uncompressed <= compressed * kMaxDeflateRatio + 1024);
    if (!possible)
      return "zip entry '" + oneLine(std::string(reinterpret_cast<const char*>(h + kEntryHeader), nameLength)) +
             "' declares " + std::to_string(uncompressed) + " bytes from " + std::to_string(compressed);
    offset += kEntryHeader + nameLength + extraLength + commentLength;
  }
  return {};
}

}  // namespace

void checkArchiveBytes(const std::string& bytes) {
  const std::string zipProblem = zipSizesProblem(bytes);
  if (!zipProblem.empty()) throw std::runtime_error(zipProblem);
  // Through a stream: LibTorch's MemoryReadAdapter does not bounds-check the offsets a damaged zip asks for.
  std::istringstream in(bytes);
  caffe2::serialize::PyTorchStreamReader reader(&in);
  for (const std::string& name : reader.getAllRecords()) {
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".pkl") != 0) continue;
    auto [data, size] = reader.getRecord(name);
    const std::string problem = picklePreflight(static_cast<const uint8_t*>(data.get()), size);
    if (!problem.empty()) throw std::runtime_error(oneLine(name) + ": " + problem);
  }
}

// LibTorch 1.13 sizes a tensor's storage by the element count its pickle declares, not by the bytes the
// storage's record (data/KEY) holds, so a damaged count or a cut record would let every later read run past
// the buffer. Before any tensor data is read, the storages' sizes must be exactly the records' sizes (compared
// as sorted lists: the archive API does not say which record a storage came from). Throws std::runtime_error.
void checkStorageSizes(const std::string& bytes, torch::serialize::InputArchive& archive) {
  std::vector<size_t> declared, stored;
  std::set<const void*> seen;  // storages shared by several tensors count once
  for (const std::string& key : archive.keys()) {
    c10::IValue value;
    if (!archive.try_read(key, value) || !value.isTensor()) continue;
    const torch::Tensor& t = value.toTensor();
    const c10::Storage& storage = t.storage();
    // Nor does LibTorch check that a tensor's declared sizes fit in its storage.
    if (t.numel() > 0) {
      uint64_t lastElement = static_cast<uint64_t>(t.storage_offset());
      bool overflow = false;
      for (int64_t d = 0; d < t.dim(); ++d) {
        if (t.stride(d) < 0) throw std::runtime_error("tensor '" + key + "' has a negative stride");
        uint64_t extent = 0;
        overflow |= __builtin_mul_overflow(static_cast<uint64_t>(t.size(d) - 1), static_cast<uint64_t>(t.stride(d)),
                                           &extent);
        overflow |= __builtin_add_overflow(lastElement, extent, &lastElement);
      }
      if (overflow || lastElement >= storage.nbytes() / t.element_size())
        throw std::runtime_error("tensor '" + key + "' is larger than the data stored for it");
    }
    // An empty storage has no data to overrun (LibTorch reads no record for it).
    if (storage.nbytes() > 0 && seen.insert(storage.unsafeGetStorageImpl()).second)
      declared.push_back(storage.nbytes());
  }
  std::istringstream in(bytes);
  caffe2::serialize::PyTorchStreamReader reader(&in);
  for (const std::string& name : reader.getAllRecords()) {
    if (name.rfind("data/", 0) != 0) continue;
    const size_t size = std::get<1>(reader.getRecord(name));
    if (size > 0) stored.push_back(size);
  }
  std::sort(declared.begin(), declared.end());
  std::sort(stored.begin(), stored.end());
  if (declared != stored) throw std::runtime_error("tensor sizes do not match the tensor data stored in the file");
}

}  // namespace vae
