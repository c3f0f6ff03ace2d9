#pragma once

#include "model/dataset.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace vae {

// File helpers shared by the dataset loaders (IDX, CIFAR, npy/npz); each failure is a DatasetError naming the file.

// The whole file in memory: for files whose size the format bounds (a CIFAR batch, an IDX file).
std::vector<uint8_t> readFileBytes(const std::string& path);
// Opens a regular file for reading and tells its size: for formats read a piece at a time (npy, npz).
std::ifstream openBinaryFile(const std::string& path, uint64_t& size);
// Existence without exceptions: a permission error counts as absent and surfaces when opening.
bool pathExists(const std::filesystem::path& p);
// Refuses a label outside 0..classes-1, naming the first offender ("label value 12 in record 3 out of range").
void checkLabelRange(const torch::Tensor& labels, int64_t classes, const std::string& path, const char* unit);

}  // namespace vae
