#include "app/export/gifwriter.h"

#include <gif_lib.h>

#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <unordered_set>
#include <vector>

namespace vae {

namespace {

// GIF delays count hundredths of a second.
constexpr double kCentisecondsPerSecond = 100.0;
// Browsers play delays of 0 or 1 centisecond as 10; 2 is the shortest delay they honour.
constexpr double kMinDelay = 2.0;
// The delay field is 16 bits wide.
constexpr double kMaxDelay = 65535.0;
// Accepted range of GifOptions::scale.
constexpr int kMinScale = 1;
constexpr int kMaxScale = 16;
// GIF widths and heights are 16-bit fields.
constexpr int kMaxDimension = 65535;
// A GIF colour table has at most 256 entries (8-bit indices).
constexpr int kMaxColours = 256;
// decodeGif refuses to composite more pixels than this over all frames (256 MiB of RGB32), so a small hostile
// file cannot make it allocate without bound.
constexpr qint64 kMaxDecodedPixels = qint64(64) * 1024 * 1024;
// Application extension identifiers that carry a loop count (NETSCAPE2.0 is the one everybody writes).
const char kNetscapeId[] = "NETSCAPE2.0";
const char kAnimExtsId[] = "ANIMEXTS1.0";
constexpr int kAppIdLength = 11;
// The loop sub-block: id 1, loop count (little endian, 0 = forever).
constexpr GifByteType kLoopForever[3] = {1, 0, 0};

[[noreturn]] void fail(const QString& where, const QString& reason) {
  throw GifError(QStringLiteral("%1: %2").arg(where, reason).toStdString());
}

QString giflibReason(int code) {
  const char* text = GifErrorString(code);
  return text ? QStringLiteral("giflib: %1").arg(QString::fromLatin1(text))
              : QStringLiteral("giflib error %1").arg(code);
}

// ---- encoding ------------------------------------------------------------------------------------------------

// The animation as palette indices: one global palette, one width*height index plane per frame.
struct IndexedFrames {
  std::vector<GifColorType> palette;  // 1..256 entries
  std::vector<std::vector<GifPixelType>> planes;
};

constexpr QRgb kRgbMask = 0x00FFFFFF;  // colour without alpha: GIF frames here are opaque

bool allGray(const std::vector<QImage>& frames) {
  for (const QImage& frame : frames) {
    for (int y = 0; y < frame.height(); ++y) {
      const auto* line = reinterpret_cast<const QRgb*>(frame.constScanLine(y));
      for (int x = 0; x < frame.width(); ++x)
        if (qRed(line[x]) != qGreen(line[x]) || qGreen(line[x]) != qBlue(line[x])) return false;
    }
  }
  return true;
}

// Pixel count and channel sums of one histogram cell, over all frames.
struct CellSums {
  quint64 pixels = 0;
  quint64 sum[3] = {0, 0, 0};
};

// A non-empty histogram cell as median cut sees it. Palette entries are means of the real pixels (from the sums),
// not of cell centres.
struct ColourCell {
  int channel[3] = {0, 0, 0};  // mean colour of the cell's pixels: what median cut sorts by and measures
  quint64 pixels = 0;
  quint64 sum[3] = {0, 0, 0};
};

QRgb rgbOf(const ColourCell& c) { return qRgb(c.channel[0], c.channel[1], c.channel[2]); }

// A median-cut box: a range of the colour list plus its widest channel.
struct ColourBox {
  std::size_t begin = 0, end = 0;
  int widestChannel = 0;
  int range = 0;  // max - min along widestChannel
};

ColourBox makeBox(const std::vector<ColourCell>& colours, std::size_t begin, std::size_t end) {
  int lo[3] = {255, 255, 255}, hi[3] = {0, 0, 0};
  for (std::size_t i = begin; i < end; ++i)
    for (int c = 0; c < 3; ++c) {
      lo[c] = std::min(lo[c], colours[i].channel[c]);
      hi[c] = std::max(hi[c], colours[i].channel[c]);
    }
  ColourBox box{begin, end, 0, hi[0] - lo[0]};
  for (int c = 1; c < 3; ++c)
    if (hi[c] - lo[c] > box.range) box = ColourBox{begin, end, c, hi[c] - lo[c]};
  return box;
}

// Median cut (Heckbert): start with one box around the colour histogram of the whole animation and split until
// there are 256 boxes; each palette entry is the mean of the pixels in its box. Why this quantiser: it adapts to the colours
// actually used (decoded VAE images are mostly a few smooth hues, where a fixed 6x7x6 cube wastes most entries and
// bands visibly), it is deterministic, and it needs no tuning. Splitting the box with the widest channel range
// keeps the worst per-pixel error small (what shows as banding); cutting at the pixel-weighted median gives
// frequent colours (backgrounds) boxes of their own. No dithering: it would make still regions shimmer between
// frames of an animation.
std::vector<GifColorType> medianCut(std::vector<ColourCell>& colours) {
  std::vector<ColourBox> boxes{makeBox(colours, 0, colours.size())};
  while (static_cast<int>(boxes.size()) < kMaxColours) {
    auto widest = boxes.end();
    for (auto it = boxes.begin(); it != boxes.end(); ++it)
      if (it->end - it->begin >= 2 && (widest == boxes.end() || it->range > widest->range)) widest = it;
    if (widest == boxes.end() || widest->range == 0) break;  // every box holds one colour
    const ColourBox box = *widest;
    const int c = box.widestChannel;
    std::sort(colours.begin() + box.begin, colours.begin() + box.end,
              [c](const ColourCell& a, const ColourCell& b) { return a.channel[c] < b.channel[c]; });
    quint64 total = 0;
    for (std::size_t i = box.begin; i < box.end; ++i) total += colours[i].pixels;
    std::size_t split = box.begin;
    quint64 below = 0;
    while (split < box.end && 2 * below < total) below += colours[split++].pixels;
    split = std::clamp(split, box.begin + 1, box.end - 1);  // both halves non-empty
    *widest = makeBox(colours, box.begin, split);
    boxes.push_back(makeBox(colours, split, box.end));
  }
  std::vector<GifColorType> palette;
  palette.reserve(boxes.size());
  for (const ColourBox& box : boxes) {
    double sum[3] = {0, 0, 0};
    double weight = 0;
    for (std::size_t i = box.begin; i < box.end; ++i) {
      for (int c = 0; c < 3; ++c) sum[c] += double(colours[i].sum[c]);
      weight += double(colours[i].pixels);
    }
    const auto mean = [&](int c) { return static_cast<GifByteType>(std::lround(sum[c] / weight)); };
    palette.push_back(GifColorType{mean(0), mean(1), mean(2)});
  }
  return palette;
}

// Nearest palette entry by squared RGB distance. Scans outward from the colour's red value through the entries
// sorted by red and stops in each direction once the red difference alone is no better than the best match: the
// answer of a full scan, several times faster on the large histograms of smooth decoded images.
class NearestColour {
 public:
  explicit NearestColour(const std::vector<GifColorType>& palette) {
    for (std::size_t i = 0; i < palette.size(); ++i)
      entries_.push_back(Entry{palette[i].Red, palette[i].Green, palette[i].Blue, static_cast<int>(i)});
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.red < b.red; });
  }

  GifPixelType operator()(QRgb colour) const {
    const int red = qRed(colour), green = qGreen(colour), blue = qBlue(colour);
    const auto n = static_cast<std::ptrdiff_t>(entries_.size());
    std::ptrdiff_t up = std::lower_bound(entries_.begin(), entries_.end(), red,
                                         [](const Entry& e, int r) { return e.red < r; }) -
                        entries_.begin();
    std::ptrdiff_t down = up - 1;
    int best = 0, bestDistance = std::numeric_limits<int>::max();
    const auto consider = [&](const Entry& e) {
      const int dr = e.red - red, dg = e.green - green, db = e.blue - blue;
      const int distance = dr * dr + dg * dg + db * db;
      if (distance < bestDistance || (distance == bestDistance && e.index < best)) {
        bestDistance = distance;
        best = e.index;
      }
    };
    while (up < n || down >= 0) {
      if (up < n) {
        const int dr = entries_[std::size_t(up)].red - red;
        if (dr * dr > bestDistance) up = n;
        else consider(entries_[std::size_t(up++)]);
      }
      if (down >= 0) {
        const int dr = red - entries_[std::size_t(down)].red;
        if (dr * dr > bestDistance) down = -1;
        else consider(entries_[std::size_t(down--)]);
      }
    }
    return static_cast<GifPixelType>(best);
  }

 private:
  struct Entry {
    int red, green, blue, index;
  };
  std::vector<Entry> entries_;
};

// The histogram for median cut keeps 6 bits per channel (2^18 cells, 8 MiB while encoding): its size and the
// mapping cost stay bounded however many distinct colours smooth decoded images have, and a pixel is at most 3
// levels per channel from its cell's mean.
constexpr int kCellBits = 6;

std::size_t cellOf(QRgb p) {
  constexpr int drop = 8 - kCellBits;
  return (std::size_t(qRed(p) >> drop) << (2 * kCellBits)) | (std::size_t(qGreen(p) >> drop) << kCellBits) |
         std::size_t(qBlue(p) >> drop);
}

// The distinct colours of the frames, sorted; empty when there are more than a palette holds.
std::vector<QRgb> fewColours(const std::vector<QImage>& frames) {
  std::unordered_set<QRgb> seen;
  for (const QImage& frame : frames)
    for (int y = 0; y < frame.height(); ++y) {
      const auto* line = reinterpret_cast<const QRgb*>(frame.constScanLine(y));
      for (int x = 0; x < frame.width(); ++x)
        if (seen.insert(line[x] & kRgbMask).second && static_cast<int>(seen.size()) > kMaxColours) return {};
    }
  std::vector<QRgb> colours(seen.begin(), seen.end());
  std::sort(colours.begin(), colours.end());
  return colours;
}

// frames are Format_RGB32, all the same size.
IndexedFrames quantise(const std::vector<QImage>& frames) {
  IndexedFrames out;
  const int width = frames.front().width(), height = frames.front().height();
  const auto planeOf = [&](const QImage& frame, auto indexOf) {
    std::vector<GifPixelType> plane(std::size_t(width) * std::size_t(height));
    for (int y = 0; y < height; ++y) {
      const auto* line = reinterpret_cast<const QRgb*>(frame.constScanLine(y));
      for (int x = 0; x < width; ++x) plane[std::size_t(y) * std::size_t(width) + std::size_t(x)] = indexOf(line[x]);
    }
    return plane;
  };

  if (allGray(frames)) {
    for (int level = 0; level < kMaxColours; ++level) {
      const auto v = static_cast<GifByteType>(level);
      out.palette.push_back(GifColorType{v, v, v});
    }
    for (const QImage& frame : frames)
      out.planes.push_back(planeOf(frame, [](QRgb p) { return static_cast<GifPixelType>(qRed(p)); }));
    return out;
  }

  // The palette is global (built from every frame), so a colour maps to the same entry in each frame.
  const std::vector<QRgb> distinct = fewColours(frames);
  if (!distinct.empty()) {  // exact palette
    for (QRgb rgb : distinct)
      out.palette.push_back(GifColorType{static_cast<GifByteType>(qRed(rgb)), static_cast<GifByteType>(qGreen(rgb)),
                                         static_cast<GifByteType>(qBlue(rgb))});
    for (const QImage& frame : frames)
      out.planes.push_back(planeOf(frame, [&distinct](QRgb p) {
        return static_cast<GifPixelType>(std::lower_bound(distinct.begin(), distinct.end(), p & kRgbMask) -
                                         distinct.begin());
      }));
    return out;
  }

  std::vector<CellSums> grid(std::size_t(1) << (3 * kCellBits));
  for (const QImage& frame : frames)
    for (int y = 0; y < height; ++y) {
      const auto* line = reinterpret_cast<const QRgb*>(frame.constScanLine(y));
      for (int x = 0; x < width; ++x) {
        CellSums& cell = grid[cellOf(line[x])];
        ++cell.pixels;
        cell.sum[0] += quint64(qRed(line[x]));
        cell.sum[1] += quint64(qGreen(line[x]));
        cell.sum[2] += quint64(qBlue(line[x]));
      }
    }
  const auto meanOf = [](const CellSums& cell) {
    ColourCell mean;
    for (int c = 0; c < 3; ++c) {
      mean.channel[c] = static_cast<int>((cell.sum[c] + cell.pixels / 2) / cell.pixels);
      mean.sum[c] = cell.sum[c];
    }
    mean.pixels = cell.pixels;
    return mean;
  };
  std::vector<ColourCell> cells;
  for (const CellSums& cell : grid)
    if (cell.pixels != 0) cells.push_back(meanOf(cell));
  out.palette = medianCut(cells);
  // Every pixel of a cell gets the entry nearest to the cell's mean (at most 3 levels per channel away).
  const NearestColour nearest(out.palette);
  std::vector<GifPixelType> entryOfCell(grid.size(), 0);
  for (std::size_t i = 0; i < grid.size(); ++i)
    if (grid[i].pixels != 0) entryOfCell[i] = nearest(rgbOf(meanOf(grid[i])));
  for (const QImage& frame : frames)
    out.planes.push_back(planeOf(frame, [&entryOfCell](QRgb p) { return entryOfCell[cellOf(p)]; }));
  return out;
}

struct EncoderCloser {
  void operator()(GifFileType* gif) const {
    int error = 0;
    EGifCloseFile(gif, &error);  // error path only: the result is being discarded anyway
  }
};
using Encoder = std::unique_ptr<GifFileType, EncoderCloser>;

struct ColourMapDeleter {
  void operator()(ColorMapObject* map) const { GifFreeMapObject(map); }
};

// giflib's OutputFunc: appends to the QByteArray given to EGifOpen. Returns the count written; no exception may
// cross the C library, so a failed allocation becomes a short write, which giflib reports as an error.
int appendToBuffer(GifFileType* gif, const GifByteType* data, int length) {
  try {
    static_cast<QByteArray*>(gif->UserData)->append(reinterpret_cast<const char*>(data), length);
  } catch (...) {
    return 0;
  }
  return length;
}

QByteArray encodeStream(const IndexedFrames& indexed, QSize size, const GifOptions& options, const QString& where) {
  QByteArray out;
  int openError = 0;
  Encoder gif(EGifOpen(&out, appendToBuffer, &openError));
  if (!gif) fail(where, giflibReason(openError));
  const auto check = [&](int result) {
    if (result == GIF_ERROR) fail(where, giflibReason(gif->Error));
  };
  EGifSetGifVersion(gif.get(), /*gif89=*/true);  // needed for the graphics control and application extensions

  // giflib wants a power-of-two table of at least 2 entries; the padding is never indexed.
  int tableSize = 2;
  while (tableSize < static_cast<int>(indexed.palette.size())) tableSize *= 2;
  std::vector<GifColorType> table(std::size_t(tableSize), GifColorType{0, 0, 0});
  std::copy(indexed.palette.begin(), indexed.palette.end(), table.begin());
  const std::unique_ptr<ColorMapObject, ColourMapDeleter> map(GifMakeMapObject(tableSize, table.data()));
  if (!map) fail(where, QStringLiteral("out of memory for the colour table"));

  const int width = size.width() * options.scale, height = size.height() * options.scale;
  check(EGifPutScreenDesc(gif.get(), width, height, /*GifColorRes=*/8, /*GifBackGround=*/0, map.get()));

  if (options.loop) {
    check(EGifPutExtensionLeader(gif.get(), APPLICATION_EXT_FUNC_CODE));
    check(EGifPutExtensionBlock(gif.get(), kAppIdLength, kNetscapeId));
    check(EGifPutExtensionBlock(gif.get(), static_cast<int>(sizeof kLoopForever), kLoopForever));
    check(EGifPutExtensionTrailer(gif.get()));
  }

  const double delay = std::clamp(kCentisecondsPerSecond / options.fps, kMinDelay, kMaxDelay);
  GraphicsControlBlock control;
  control.DisposalMode = DISPOSE_DO_NOT;  // every frame covers the whole canvas
  control.UserInputFlag = false;
  control.DelayTime = static_cast<int>(std::lround(delay));
  control.TransparentColor = NO_TRANSPARENT_COLOR;
  GifByteType controlBytes[4];
  const auto controlLength = static_cast<int>(EGifGCBToExtension(&control, controlBytes));

  std::vector<GifPixelType> row(static_cast<std::size_t>(width));
  const int sourceWidth = size.width();
  for (const std::vector<GifPixelType>& plane : indexed.planes) {
    check(EGifPutExtension(gif.get(), GRAPHICS_EXT_FUNC_CODE, controlLength, controlBytes));
    check(EGifPutImageDesc(gif.get(), 0, 0, width, height, /*GifInterlace=*/false, /*GifColorMap=*/nullptr));
    for (int y = 0; y < size.height(); ++y) {
      const GifPixelType* source = plane.data() + std::size_t(y) * std::size_t(sourceWidth);
      for (int x = 0; x < width; ++x) row[std::size_t(x)] = source[x / options.scale];
      // EGifPutLine masks the row in place to the table's bit depth; indices are below the table size, so the
      // row is unchanged and can be put again for the next copy.
      for (int copy = 0; copy < options.scale; ++copy) check(EGifPutLine(gif.get(), row.data(), width));
    }
  }

  // EGifCloseFile writes the trailer and frees the handle whatever it returns; it does not report a failed
  // trailer write, hence the check of the last byte.
  int closeError = 0;
  if (EGifCloseFile(gif.release(), &closeError) == GIF_ERROR) fail(where, giflibReason(closeError));
  if (out.isEmpty() || out.back() != ';') fail(where, QStringLiteral("could not write the GIF trailer"));
  return out;
}

QByteArray encode(const QVector<QImage>& frames, const GifOptions& options, const QString& where) {
  if (frames.isEmpty()) fail(where, QStringLiteral("no frames to encode"));
  if (!(options.fps > 0.0)) fail(where, QStringLiteral("frame rate must be > 0 (got %1)").arg(options.fps));
  if (options.scale < kMinScale || options.scale > kMaxScale)
    fail(where, QStringLiteral("scale must be %1..%2 (got %3)").arg(kMinScale).arg(kMaxScale).arg(options.scale));
  const QSize size = frames.front().size();
  if (qint64(size.width()) * options.scale > kMaxDimension || qint64(size.height()) * options.scale > kMaxDimension)
    fail(where, QStringLiteral("%1x%2 scaled by %3 exceeds the GIF limit of %4 pixels")
                    .arg(size.width())
                    .arg(size.height())
                    .arg(options.scale)
                    .arg(kMaxDimension));
  for (int i = 0; i < frames.size(); ++i) {
    if (frames[i].isNull()) fail(where, QStringLiteral("frame %1 is empty").arg(i + 1));
    if (frames[i].size() != size)
      fail(where, QStringLiteral("frame %1 is %2x%3 but frame 1 is %4x%5")
                      .arg(i + 1)
                      .arg(frames[i].width())
                      .arg(frames[i].height())
                      .arg(size.width())
                      .arg(size.height()));
  }
  std::vector<QImage> rgb;
  rgb.reserve(std::size_t(frames.size()));
  for (int i = 0; i < frames.size(); ++i) {
    rgb.push_back(frames[i].convertToFormat(QImage::Format_RGB32));
    if (rgb.back().isNull()) fail(where, QStringLiteral("out of memory converting frame %1").arg(i + 1));
  }
  return encodeStream(quantise(rgb), size, options, where);
}

// ---- decoding ------------------------------------------------------------------------------------------------

struct ByteReader {
  const QByteArray* bytes = nullptr;
  qsizetype position = 0;
};

// giflib's InputFunc: copies up to length bytes; a short count at the end of the data makes giflib fail cleanly.
int readFromBytes(GifFileType* gif, GifByteType* destination, int length) {
  auto* reader = static_cast<ByteReader*>(gif->UserData);
  const qsizetype available = reader->bytes->size() - reader->position;
  const qsizetype count = std::clamp<qsizetype>(available, 0, std::max(length, 0));
  if (count > 0) std::memcpy(destination, reader->bytes->constData() + reader->position, std::size_t(count));
  reader->position += count;
  return static_cast<int>(count);
}

struct DecoderCloser {
  void operator()(GifFileType* gif) const {
    int error = 0;
    DGifCloseFile(gif, &error);
  }
};
using Decoder = std::unique_ptr<GifFileType, DecoderCloser>;

bool isLoopExtension(const ExtensionBlock* blocks, int count, int i) {
  const ExtensionBlock& id = blocks[i];
  if (id.Function != APPLICATION_EXT_FUNC_CODE || id.ByteCount != kAppIdLength || !id.Bytes) return false;
  const auto* text = reinterpret_cast<const char*>(id.Bytes);
  if (std::memcmp(text, kNetscapeId, kAppIdLength) != 0 && std::memcmp(text, kAnimExtsId, kAppIdLength) != 0)
    return false;
  if (i + 1 >= count) return false;
  const ExtensionBlock& data = blocks[i + 1];
  return data.Function == CONTINUE_EXT_FUNC_CODE && data.ByteCount >= 3 && data.Bytes && data.Bytes[0] == 1;
}

bool hasLoopExtension(const ExtensionBlock* blocks, int count) {
  for (int i = 0; i < count; ++i)
    if (isLoopExtension(blocks, count, i)) return true;
  return false;
}

QRgb colourAt(const ColorMapObject* map, int index) {
  const GifColorType& c = map->Colors[index];
  return qRgb(c.Red, c.Green, c.Blue);
}

}  // namespace

QByteArray encodeGif(const QVector<QImage>& frames, const GifOptions& options) {
  return encode(frames, options, QStringLiteral("gif"));
}

void writeGif(const QString& path, const QVector<QImage>& frames, const GifOptions& options) {
  if (path.isEmpty()) fail(path, QStringLiteral("no file name given"));
  // Encode first: a bad frame list must not touch the file system at all.
  const QByteArray bytes = encode(frames, options, path);
  const QFileInfo parent(QFileInfo(path).absolutePath());
  if (!parent.exists()) fail(path, QStringLiteral("directory %1 does not exist").arg(parent.filePath()));
  if (!parent.isDir()) fail(path, QStringLiteral("%1 is not a directory").arg(parent.filePath()));
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) fail(path, file.errorString());
  // Flush explicitly: Qt 6.4's QSaveFile::commit() ignores a failed flush of its write buffer (and a short write
  // sets no error), so without this a write that hits a full disk or a file-size limit would be committed
  // truncated over the old file.
  errno = 0;
  if (file.write(bytes) != bytes.size() || !file.flush()) {
    // Qt reports a short write as "Unknown error"; errno still holds the cause (ENOSPC, EFBIG, EIO ...).
    const int cause = errno;
    const QString reason = QStringLiteral("could not write the file: %1")
                               .arg(cause != 0 ? QString::fromLocal8Bit(std::strerror(cause)) : file.errorString());
    file.cancelWriting();  // the destructor then removes the temp file; the target was never touched
    fail(path, reason);
  }
  if (!file.commit()) fail(path, file.errorString());
}

DecodedGif decodeGif(const QByteArray& bytes) {
  const QString where = QStringLiteral("gif");
  ByteReader reader{&bytes, 0};
  int openError = 0;
  Decoder gif(DGifOpen(&reader, readFromBytes, &openError));
  if (!gif) fail(where, giflibReason(openError));
  if (DGifSlurp(gif.get()) == GIF_ERROR) fail(where, giflibReason(gif->Error));

  DecodedGif decoded;
  decoded.size = QSize(gif->SWidth, gif->SHeight);
  if (gif->SWidth <= 0 || gif->SHeight <= 0) fail(where, QStringLiteral("the canvas has zero size"));
  if (qint64(gif->ImageCount) * gif->SWidth * gif->SHeight > kMaxDecodedPixels)
    fail(where, QStringLiteral("%1 frames of %2x%3 are too many to decode")
                    .arg(gif->ImageCount)
                    .arg(gif->SWidth)
                    .arg(gif->SHeight));

  decoded.loops = hasLoopExtension(gif->ExtensionBlocks, gif->ExtensionBlockCount);
  const ColorMapObject* global = gif->SColorMap;
  QRgb background = qRgb(0, 0, 0);
  if (global && gif->SBackGroundColor >= 0 && gif->SBackGroundColor < global->ColorCount)
    background = colourAt(global, gif->SBackGroundColor);
  QImage canvas(decoded.size, QImage::Format_RGB32);
  if (canvas.isNull())
    fail(where, QStringLiteral("out of memory for a %1x%2 canvas").arg(gif->SWidth).arg(gif->SHeight));
  canvas.fill(background);

  for (int i = 0; i < gif->ImageCount; ++i) {
    const SavedImage& image = gif->SavedImages[i];
    decoded.loops = decoded.loops || hasLoopExtension(image.ExtensionBlocks, image.ExtensionBlockCount);
    const GifImageDesc& desc = image.ImageDesc;
    const ColorMapObject* map = desc.ColorMap ? desc.ColorMap : global;
    if (!map || !map->Colors) fail(where, QStringLiteral("frame %1 has no colour map").arg(i + 1));
    GraphicsControlBlock control{};
    if (DGifSavedExtensionToGCB(gif.get(), i, &control) == GIF_ERROR) {
      control.DisposalMode = DISPOSAL_UNSPECIFIED;
      control.DelayTime = 0;
      control.TransparentColor = NO_TRANSPARENT_COLOR;
    }
    if (desc.Width > 0 && desc.Height > 0 && !image.RasterBits)
      fail(where, QStringLiteral("frame %1 has no pixels").arg(i + 1));

    const QImage previous = control.DisposalMode == DISPOSE_PREVIOUS ? canvas.copy() : QImage();
    const QRect area = QRect(desc.Left, desc.Top, desc.Width, desc.Height).intersected(canvas.rect());
    for (int y = area.top(); y <= area.bottom(); ++y) {
      auto* line = reinterpret_cast<QRgb*>(canvas.scanLine(y));
      const GifByteType* source = image.RasterBits + std::size_t(y - desc.Top) * std::size_t(desc.Width);
      for (int x = area.left(); x <= area.right(); ++x) {
        const int index = source[x - desc.Left];
        if (index == control.TransparentColor) continue;
        if (index >= map->ColorCount)
          fail(where, QStringLiteral("frame %1 uses colour %2 of a %3-entry colour map")
                          .arg(i + 1)
                          .arg(index)
                          .arg(map->ColorCount));
        line[x] = colourAt(map, index);
      }
    }
    decoded.frames.push_back(canvas.copy());
    decoded.delays.push_back(control.DelayTime);
    if (control.DisposalMode == DISPOSE_BACKGROUND) {
      for (int y = area.top(); y <= area.bottom(); ++y) {
        auto* line = reinterpret_cast<QRgb*>(canvas.scanLine(y));
        std::fill(line + area.left(), line + area.right() + 1, background);
      }
    } else if (control.DisposalMode == DISPOSE_PREVIOUS) {
      canvas = previous;
    }
  }
  return decoded;
}

}  // namespace vae
