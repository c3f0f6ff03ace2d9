#pragma once

#include <string>

namespace vae {

// The one way an error becomes text for a person (a status bar, a dialog, one line on stderr).

// The first line of a message, trimmed: LibTorch's carry backtraces and call sites on the lines below.
std::string firstLine(const std::string& text);

// Inside a catch block: the exception being handled as one line. A c10::Error without its backtrace, any
// other std::exception by what(), anything else as `unknown`.
std::string currentErrorLine(const std::string& unknown);

// Text read from a file (a key, a name, a path) made safe inside a one-line message: control characters,
// newlines among them, become '?'.
std::string oneLine(std::string text);

}  // namespace vae
