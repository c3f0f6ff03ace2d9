#include "app/gui/aboutbox.h"

#include <torch/version.h>

#include <QCoreApplication>
#include <QMessageBox>
#include <QObject>

#include "model/systeminfo.h"
#include "widgets/plotlibrary.h"

namespace vae {

namespace {
// The row names of systemInfoRows (model/, no Qt), marked for lupdate and translated here; the values are the
// machine's facts (model names, kernel names, the BLAS decision's reason) and stay as the library states them.
const char* const kSystemRowNames[] = {
    QT_TRANSLATE_NOOP("vae::AboutBox", "CPU"),        QT_TRANSLATE_NOOP("vae::AboutBox", "Instruction sets"),
    QT_TRANSLATE_NOOP("vae::AboutBox", "BLAS"),       QT_TRANSLATE_NOOP("vae::AboutBox", "BLAS kernel"),
    QT_TRANSLATE_NOOP("vae::AboutBox", "Why"),        QT_TRANSLATE_NOOP("vae::AboutBox", "GEMM check"),
    QT_TRANSLATE_NOOP("vae::AboutBox", "LibTorch"),   QT_TRANSLATE_NOOP("vae::AboutBox", "oneDNN")};

QString systemRowName(const std::string& name) {
  for (const char* known : kSystemRowNames)
    if (name == known) return QCoreApplication::translate("vae::AboutBox", known);
  return QString::fromStdString(name);
}
}  // namespace

QString aboutHtml() {
  QString system;
  for (const auto& [label, value] : systemInfoRows())
    system += QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>")
                  .arg(systemRowName(label).toHtmlEscaped(), QString::fromStdString(value).toHtmlEscaped());
  return QObject::tr("<h3>VAE Studio %1</h3>"
                     "<p>Train a variational autoencoder and explore its latent space.</p>"
                     "<p>Free software: GNU General Public License, version 3 or later (GPL-3.0-or-later).</p>"
                     "<p>Qt %2 (built with %3)<br>LibTorch %4<br>QCustomPlot %5</p>"
                     "<p><b>This machine</b></p><table>%6</table>")
      .arg(QStringLiteral(VAE_STUDIO_VERSION), QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR),
           QStringLiteral(TORCH_VERSION), qcustomplotVersion(), system);
}

void showAboutBox(QWidget* parent) { QMessageBox::about(parent, QObject::tr("About VAE Studio"), aboutHtml()); }

}  // namespace vae
