#include "app/gui/runfiledialogs.h"

#include "app/core/rundocument.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLocale>
#include <QPushButton>
#include <QStandardPaths>

namespace vae {

namespace {
constexpr char kCheckpointSuffix[] = "vaestudio";

QString checkpointFilter() { return QObject::tr("VAE Studio checkpoints (*.vaestudio);;All files (*)"); }

QFileDialog* fileDialog(QWidget* parent, const QString& title, const QString& start,
                        const std::function<void(const QString&)>& chosen) {
  auto* dialog = new QFileDialog(parent, title, start, checkpointFilter());
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  QObject::connect(dialog, &QFileDialog::fileSelected, parent, chosen);
  return dialog;
}
}  // namespace

void showOpenCheckpointDialog(QWidget* parent, const QString& near, const std::function<void(const QString&)>& chosen) {
  QFileDialog* dialog = fileDialog(parent, QObject::tr("Open Checkpoint"), QFileInfo(near).absolutePath(), chosen);
  dialog->setFileMode(QFileDialog::ExistingFile);
  dialog->open();
}

void showSaveCheckpointDialog(QWidget* parent, const QString& near, const std::function<void(const QString&)>& chosen,
                              const std::function<void()>& cancelled) {
  const QString start = near.isEmpty() ? QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                             .filePath(QObject::tr("run") + QLatin1Char('.') +
                                                       QLatin1String(kCheckpointSuffix))
                                       : near;
  QFileDialog* dialog = fileDialog(parent, QObject::tr("Save Checkpoint"), start, chosen);
  dialog->setAcceptMode(QFileDialog::AcceptSave);
  dialog->setDefaultSuffix(QLatin1String(kCheckpointSuffix));
  QObject::connect(dialog, &QFileDialog::rejected, parent, cancelled);
  dialog->open();
}

void showAddCompareRunsDialog(QWidget* parent, const QString& near, const std::function<void(const QStringList&)>& chosen) {
  auto* dialog = new QFileDialog(parent, QObject::tr("Add Runs to Compare"), QFileInfo(near).absolutePath(),
                                 checkpointFilter());
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setFileMode(QFileDialog::ExistingFiles);
  QObject::connect(dialog, &QFileDialog::filesSelected, parent, chosen);
  dialog->open();
}

void showWatchRunDialog(QWidget* parent, const QString& near, const std::function<void(const QString&)>& chosen) {
  QFileDialog* dialog = fileDialog(parent, QObject::tr("Watch Run"), near, chosen);
  dialog->setFileMode(QFileDialog::AnyFile);
  dialog->setAcceptMode(QFileDialog::AcceptOpen);
  dialog->setLabelText(QFileDialog::Accept, QObject::tr("Watch"));
  dialog->open();
}

void askOpenCheckpoint(QWidget* parent, RunDocument* document, const QString& path, bool ask) {
  if (RunDocument::isUnsavedAutosave(path)) {
    document->open(path, QString(), /*modified=*/true);  // still unsaved work: Save asks for a path
    return;
  }
  const QString autosave = RunDocument::newerAutosaveFor(path);
  if (autosave.isEmpty() || !ask) {
    document->open(path, path, /*modified=*/false);
    return;
  }
  auto* box = new QMessageBox(QMessageBox::Question, QObject::tr("Open Newer Autosave?"),
                              QObject::tr("%1 has an autosave that is newer than the file itself.")
                                  .arg(QFileInfo(path).fileName()),
                              QMessageBox::NoButton, parent);
  box->setInformativeText(QObject::tr("VAE Studio probably stopped after its last save. Open the autosave (%1) to "
                                      "continue from there, or the saved file?")
                              .arg(QLocale().toString(QFileInfo(autosave).lastModified(), QLocale::ShortFormat)));
  QPushButton* useAutosave = box->addButton(QObject::tr("Open Autosave"), QMessageBox::AcceptRole);
  box->addButton(QObject::tr("Open Saved File"), QMessageBox::RejectRole);
  box->setDefaultButton(useAutosave);
  box->setAttribute(Qt::WA_DeleteOnClose);
  QObject::connect(box, &QMessageBox::finished, document, [box, useAutosave, document, path, autosave] {
    if (box->clickedButton() == useAutosave)
      document->open(autosave, path, /*modified=*/true);
    else
      document->open(path, path, /*modified=*/false);
  });
  box->open();
}

void askRestoreUnsavedAutosave(QWidget* parent, const std::function<void(const QString&)>& restore) {
  const QStringList autosaves = RunDocument::unsavedAutosaves();
  if (autosaves.isEmpty()) return;
  const QString autosave = autosaves.first();
  const QString when = QLocale().toString(QFileInfo(autosave).lastModified(), QLocale::ShortFormat);
  auto* box = new QMessageBox(QMessageBox::Question, QObject::tr("Restore Unsaved Run?"),
                              autosaves.size() == 1
                                  ? QObject::tr("A training run from an earlier session was not saved.")
                                  : QObject::tr("%1 training runs from earlier sessions were not saved.")
                                        .arg(autosaves.size()),
                              QMessageBox::NoButton, parent);
  box->setInformativeText(autosaves.size() == 1
                              ? QObject::tr("It was autosaved %1. Restore it, or discard it for good?").arg(when)
                              : QObject::tr("Restore the newest (autosaved %1), or discard them all for good?").arg(when));
  QPushButton* restoreButton = box->addButton(QObject::tr("Restore"), QMessageBox::AcceptRole);
  box->addButton(QObject::tr("Discard"), QMessageBox::DestructiveRole);
  box->setDefaultButton(restoreButton);
  box->setAttribute(Qt::WA_DeleteOnClose);
  QObject::connect(box, &QMessageBox::finished, parent, [box, restoreButton, autosaves, restore] {
    if (box->clickedButton() == restoreButton) {
      restore(autosaves.first());
    } else {
      for (const QString& file : autosaves) QFile::remove(file);
    }
  });
  box->open();
}

namespace {
// What Discard throws away: the whole run when it was never saved, else what came after its last save.
QString whatDiscardLoses(bool savedBefore) {
  return savedBefore ? QObject::tr("Discarding loses the training since the last save.")
                     : QObject::tr("Discarding loses the trained model: it was never saved.");
}

// Alt+S / Alt+D / Esc answer the question from the keyboard (not every style underlines these buttons).
void giveMnemonics(QMessageBox* box) {
  if (QAbstractButton* save = box->button(QMessageBox::Save)) save->setText(QObject::tr("&Save"));
  if (QAbstractButton* discard = box->button(QMessageBox::Discard)) discard->setText(QObject::tr("&Discard"));
}
}  // namespace

QMessageBox::StandardButton askSaveBeforeClosing(QWidget* parent, bool savedBefore) {
  QMessageBox box(QMessageBox::Warning, QObject::tr("Save the Run?"), QObject::tr("The trained model has not been saved."),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
  box.setInformativeText(QObject::tr("Save it before closing? %1").arg(whatDiscardLoses(savedBefore)));
  box.setDefaultButton(QMessageBox::Save);
  giveMnemonics(&box);
  // Closing is a decision the user has to make now; a nested loop is fine here.
  return static_cast<QMessageBox::StandardButton>(box.exec());
}

void askSaveBeforeReplacing(QWidget* parent, const QString& what, bool savedBefore,
                            const std::function<void(QMessageBox::StandardButton)>& answered) {
  auto* box = new QMessageBox(QMessageBox::Warning, QObject::tr("Save the Run?"), what,
                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
  box->setInformativeText(
      QObject::tr("The trained model has not been saved. Save it first? %1").arg(whatDiscardLoses(savedBefore)));
  box->setDefaultButton(QMessageBox::Save);
  giveMnemonics(box);
  box->setAttribute(Qt::WA_DeleteOnClose);
  QObject::connect(box, &QMessageBox::finished, parent, [box, answered] {
    answered(box->clickedButton() ? box->standardButton(box->clickedButton()) : QMessageBox::Cancel);
  });
  box->open();
}

void askMoreEpochs(QWidget* parent, int trainedEpochs, int suggested, const std::function<void(int)>& more) {
  auto* dialog = new QInputDialog(parent);
  dialog->setWindowTitle(QObject::tr("Train More Epochs?"));
  dialog->setLabelText(
      (trainedEpochs == 1 ? QObject::tr("This run has trained its one epoch.")
                          : QObject::tr("This run has trained all its %1 epochs.").arg(QLocale().toString(trainedEpochs))) +
      QObject::tr("\nHow many more epochs should it train?"));
  dialog->setInputMode(QInputDialog::IntInput);
  dialog->setIntRange(1, 100000);
  dialog->setIntValue(suggested);
  dialog->setOkButtonText(QObject::tr("Train"));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  QObject::connect(dialog, &QInputDialog::intValueSelected, parent, more);
  dialog->open();
}

}  // namespace vae
