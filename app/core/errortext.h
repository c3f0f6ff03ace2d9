#pragma once

#include "model/errortext.h"

#include <QString>

#include <utility>

namespace vae {

// model/errortext.h for Qt strings.
QString firstLine(const QString& text);
// Inside a catch block: the exception being handled as one line (see currentErrorLine).
QString currentErrorText(const QString& unknown);

// Runs job on this thread and returns the first line of whatever it threw, or an empty string: what a
// worker thread hands back instead of letting an exception cross threads.
template <typename Job>
QString captureError(Job&& job, const QString& unknown) {
  try {
    std::forward<Job>(job)();
  } catch (...) {
    return currentErrorText(unknown);
  }
  return {};
}

}  // namespace vae
