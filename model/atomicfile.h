#pragma once

#include <string>

namespace vae {

// Writes bytes to path atomically: a temp file beside it, fsync, rename over the target, fsync the
// directory. Throws std::runtime_error("PATH: reason") and leaves any existing file intact on failure.
void writeFileAtomically(const std::string& path, const std::string& bytes);

// Reads a whole file; throws std::runtime_error("PATH: reason").
std::string readWholeFile(const std::string& path);

}  // namespace vae
