#pragma once

// What the window tests share: finding actions and dialog buttons, loading the test dataset, the small model.
#include "app/core/rundocument.h"
#include "app/gui/mainwindow.h"
#include "widgets/modelpanel.h"

#include <QAbstractButton>
#include <QAction>
#include <QFile>
#include <QMessageBox>
#include <QSignalSpy>

namespace vae::test {

// Generous: the loader thread competes with other processes on a small CI machine.
constexpr int kWindowLoadTimeoutMs = 30000;
// A live run must show its first steps well within this, even on a busy 2-core machine.
constexpr int kWindowTrainTimeoutMs = 20000;
constexpr char kWindowShapesSpec[] = "shapes:28:600";

// The action whose text, without its mnemonic '&', is `text`; nullptr when there is none.
inline QAction* findAction(QWidget* root, const QString& text) {
  for (QAction* action : root->findChildren<QAction*>())
    if (action->text().remove('&') == text) return action;
  return nullptr;
}

// The button of a message box that reads `text` (mnemonic '&' ignored); nullptr when there is none.
inline QAbstractButton* buttonOf(QMessageBox* box, const QString& text) {
  for (QAbstractButton* b : box->buttons())
    if (b->text().remove(QLatin1Char('&')) == text) return b;
  return nullptr;
}

inline bool loadDatasetAndWait(MainWindow& w, const QString& spec = QString::fromLatin1(kWindowShapesSpec)) {
  QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
  w.loadDataset(spec);
  return loaded.wait(kWindowLoadTimeoutMs);
}

// The small model of the window tests: a step takes about a millisecond.
inline void useSmallModel(MainWindow& w, int epochs) {
  ModelSettings s = w.modelPanel()->settings();
  s.latentDim = 4;
  s.hidden = 64;
  s.batchSize = 50;
  s.epochs = epochs;
  w.modelPanel()->setSettings(s);
}

// Untitled runs autosave into one shared directory: tests that count them start from none.
inline void clearUnsavedAutosaves() {
  for (const QString& path : RunDocument::unsavedAutosaves()) QFile::remove(path);
}

}  // namespace vae::test
