#pragma once

#include "app/core/folderspec.h"
#include "model/dataset.h"

#include <QString>

#include <string>
#include <vector>

namespace vae {

// Image folders by torchvision's ImageFolder rules (app/core/folderscan.h): class folders with images found
// recursively inside them, or a flat folder of unlabelled images; any format Qt can read (PNG, JPEG, BMP, GIF,
// and WebP/TIFF with qt6-image-formats-plugins). Every image becomes size x size, stretched or centre-cropped,
// gray (channels = 1) or RGB (channels = 3). Files that cannot be read or decoded are skipped and summed up
// in one warning line; a folder with nothing usable is a DatasetError naming the first bad file and why.

// DIR as one dataset (train/ and test/ folders are not special here). Warning lines are appended to *warnings.
Dataset loadImageFolder(const QString& dir, const FolderOptions& options, std::vector<std::string>* warnings = nullptr);
Dataset loadImageFolder(const QString& dir, int size = kFolderDefaultSize, int channels = kFolderDefaultChannels);

// DIR as train and test: its train/ and test/ (or val/) folders when it has them, else 5/6 and 1/6 of its
// images by a fixed shuffle. The warning lines are in the result's warnings.
DatasetSplit loadImageFolderSplit(const QString& dir, const FolderOptions& options);

// Like loadDatasetSpec, plus "folder:DIR[:SIZE][:gray|rgb][:crop|stretch]" (folderspec.h; default 28, gray,
// stretch). An option it does not know is a DatasetError saying so.
DatasetSplit loadDatasetSpecWithFolders(const std::string& spec);

}  // namespace vae
