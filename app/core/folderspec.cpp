#include "app/core/folderspec.h"

#include "model/dataset.h"

#include <algorithm>
#include <cctype>

namespace vae {

namespace {
constexpr char kPrefix[] = "folder:";
// A size has at most this many digits (bigger numbers are not sizes but out of range anyway).
constexpr size_t kMaxSizeDigits = 6;

bool isSize(const std::string& text) {
  return !text.empty() && text.size() <= kMaxSizeDigits &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}
bool isColour(const std::string& text) { return text == "gray" || text == "rgb"; }
bool isFit(const std::string& text) { return text == "crop" || text == "stretch"; }
}  // namespace

bool isFolderOption(const std::string& text) { return isSize(text) || isColour(text) || isFit(text); }

FolderSpec parseFolderSpec(const std::string& spec) {
  const std::string prefix = kPrefix;
  if (spec.compare(0, prefix.size(), prefix) != 0) throw DatasetError(spec, "not a folder: spec");
  FolderSpec out;
  std::string dir = spec.substr(prefix.size());
  bool haveSize = false, haveColour = false, haveFit = false;
  auto once = [&spec](bool& seen, const char* what) {
    if (seen) throw DatasetError(spec, std::string(what) + " is given twice");
    seen = true;
  };
  for (size_t colon = dir.rfind(':'); colon != std::string::npos; colon = dir.rfind(':')) {
    const std::string field = dir.substr(colon + 1);
    if (isSize(field)) {
      once(haveSize, "the image size");
      out.options.size = std::stoi(field);
    } else if (isColour(field)) {
      once(haveColour, "gray|rgb");
      out.options.channels = field == "gray" ? 1 : 3;
    } else if (isFit(field)) {
      once(haveFit, "crop|stretch");
      out.options.fit = field == "crop" ? FolderFit::Crop : FolderFit::Stretch;
    } else {
      break;  // part of the path
    }
    dir.erase(colon);
  }
  if (dir.empty())
    throw DatasetError(spec, "expected folder:DIR[:SIZE][:gray|rgb][:crop|stretch], the folder is missing");
  out.dir = dir;
  return out;
}

std::string folderSpecString(const FolderSpec& spec) {
  const FolderOptions& o = spec.options;
  return kPrefix + spec.dir + ":" + std::to_string(o.size) + ":" + (o.channels == 3 ? "rgb" : "gray") +
         (o.fit == FolderFit::Crop ? ":crop" : "");
}

}  // namespace vae
