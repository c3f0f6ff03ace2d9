#pragma once

#include <QImage>
#include <QPixmap>
#include <QString>
#include <QTemporaryDir>
#include <QWidget>
#include <QtTest>

namespace vae::test {

// Renders w into NAME.png for a person to look at: under $VAE_WIDGET_SHOTS when set, else in dir (a
// QTemporaryDir, never a fixed path two test runs could share). The file must read back as the grab.
inline void saveShot(QWidget& w, const QString& name, const QTemporaryDir& dir) {
  const QString shots = qEnvironmentVariable("VAE_WIDGET_SHOTS");
  const QString path = (shots.isEmpty() ? dir.path() : shots) + "/" + name + ".png";
  const QPixmap shot = w.grab();
  QVERIFY2(shot.save(path), qPrintable(path));
  QCOMPARE(QImage(path).size(), shot.size());
}

}  // namespace vae::test
