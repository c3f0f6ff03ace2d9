#include "app/core/errortext.h"

namespace vae {

QString firstLine(const QString& text) { return QString::fromStdString(firstLine(text.toStdString())); }

QString currentErrorText(const QString& unknown) {
  return QString::fromStdString(currentErrorLine(unknown.toStdString()));
}

}  // namespace vae
