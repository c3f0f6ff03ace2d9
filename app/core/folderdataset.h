#pragma once

#include "model/dataset.h"

#include <QString>

#include <string>

namespace vae {

// Default side length and channel count of "folder:DIR" datasets (MNIST-like).
inline constexpr int kFolderDefaultSize = 28;
inline constexpr int kFolderDefaultChannels = 1;

// Loads an image folder: one subfolder per class (class names = subfolder names, sorted), each holding
// images in any format Qt can read (PNG, JPEG, ...; files with other extensions are ignored).
// Every image is resized to size x size and converted to gray (channels = 1) or RGB (channels = 3).
// Throws DatasetError naming the file for a missing folder, a folder without class subfolders of images,
// or an image that cannot be decoded (with QImageReader's reason).
Dataset loadImageFolder(const QString& dir, int size = kFolderDefaultSize, int channels = kFolderDefaultChannels);

// Like loadDatasetSpec, plus "folder:DIR[:SIZE[:gray|rgb]]" (default 28, gray), split 5/6 train, 1/6 test.
DatasetSplit loadDatasetSpecWithFolders(const std::string& spec);

}  // namespace vae
