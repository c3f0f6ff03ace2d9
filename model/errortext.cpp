#include "model/errortext.h"

#include <c10/util/Exception.h>

#include <exception>

namespace vae {

std::string firstLine(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  const std::string line = text.substr(begin, text.find('\n', begin) - begin);
  return line.substr(0, line.find_last_not_of(" \t\r") + 1);
}

std::string currentErrorLine(const std::string& unknown) {
  try {
    throw;
  } catch (const c10::Error& e) {
    return firstLine(e.what_without_backtrace());
  } catch (const std::exception& e) {
    return firstLine(e.what());
  } catch (...) {
    return unknown;
  }
}

std::string oneLine(std::string text) {
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return text;
}

}  // namespace vae
