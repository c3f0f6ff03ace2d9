#pragma once

#include <string>

namespace vae {

// Default side length and channel count of "folder:DIR" datasets (MNIST-like).
inline constexpr int kFolderDefaultSize = 28;
inline constexpr int kFolderDefaultChannels = 1;
// Bounds on the image side accepted from a spec: below 4 nothing is recognisable, above 512 a folder of
// a few thousand images would not fit in memory.
inline constexpr int kFolderMinSize = 4;
inline constexpr int kFolderMaxSize = 512;

// How an image that is not square becomes size x size: stretched (aspect ratio ignored, the default since
// the first release, so older specs and checkpoints load the same pixels) or centre-cropped to a square first.
enum class FolderFit { Stretch, Crop };

// How every image of a folder is decoded.
struct FolderOptions {
  int size = kFolderDefaultSize;
  int channels = kFolderDefaultChannels;  // 1 (gray) or 3 (rgb)
  FolderFit fit = FolderFit::Stretch;
};

// "folder:DIR[:SIZE][:gray|rgb][:crop|stretch]" taken apart.
struct FolderSpec {
  std::string dir;
  FolderOptions options;
};

// Parses a folder spec; the options may come in any order after DIR. They are peeled off the right while they
// are options, so DIR may itself contain ':' (a field that is no option is part of the path; the loader names
// an unknown option when the path then does not exist). Throws DatasetError for a spec without a folder or an
// option given twice (":28:32", ":gray:rgb"). The options are not range-checked here; the loader does that.
FolderSpec parseFolderSpec(const std::string& spec);

// The spec written the way the open-dataset dialog writes it: "folder:DIR:SIZE:gray|rgb", plus ":crop" when
// cropping (stretch is the default and stays unwritten, so specs remembered before crop existed still match).
std::string folderSpecString(const FolderSpec& spec);

// Whether text is one of the option words or a size, i.e. would be peeled off a spec as an option.
bool isFolderOption(const std::string& text);

}  // namespace vae
