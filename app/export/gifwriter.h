#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>
#include <QVector>

#include <stdexcept>

namespace vae {

// How an animation is written (traversals, interpolations).
struct GifOptions {
  double fps = 8.0;  // frame rate; GIF delays are in 1/100 s, rounded to nearest, at least 2 (browsers play 0/1 as 10)
  bool loop = true;  // NETSCAPE2.0 application extension with loop count 0 (forever); false = play once
  int scale = 1;     // nearest-neighbour upscale factor 1..16 applied to every frame
};

// Thrown with what() = one line "PATH: reason" ("gif: reason" where there is no path).
class GifError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Encodes frames (all the same size; gray Format_Grayscale8 or colour of any format; alpha is ignored) as an
// animated GIF in memory. Palette: if every pixel of every frame is gray (r == g == b), a 256-level grey palette
// with exact grey indices; otherwise one global 256-colour palette for the whole animation (so colours do not
// flicker between frames): exact when the frames use <= 256 distinct colours, else median cut over the colour
// histogram of all frames with nearest-colour mapping (no dithering). Throws GifError("gif: reason") on an empty
// frame list, a null frame, differing sizes, scale outside 1..16, fps <= 0 (or NaN), or a scaled size > 65535.
QByteArray encodeGif(const QVector<QImage>& frames, const GifOptions& options = {});

// encodeGif + atomic write: QSaveFile (temp in the same directory, commit = fsync + rename). On any failure the old
// file is untouched, no temp file is left, and GifError says "PATH: reason" (e.g. directory missing / not writable).
void writeGif(const QString& path, const QVector<QImage>& frames, const GifOptions& options = {});

// Decoding for tests and round trips: every frame composited onto the canvas as a QImage (Format_RGB32), the
// per-frame delay in 1/100 s (0 when a frame has no graphics control extension), whether a NETSCAPE2.0 loop
// extension is present, and the canvas size.
struct DecodedGif {
  QVector<QImage> frames;
  QVector<int> delays;
  bool loops = false;
  QSize size;
};

// Throws GifError("gif: reason") for malformed input (not a GIF, truncated, missing colour map, index out of range).
DecodedGif decodeGif(const QByteArray& bytes);

}  // namespace vae
