#pragma once

#include <QMessageBox>
#include <QString>

#include <functional>

class QWidget;

namespace vae {

class RunDocument;

// The dialogs around a run's files, all window-modal without a nested event loop (open(), not exec()) except
// the question asked while closing, which the user must answer before the window can go.

// File → Open Checkpoint…: calls chosen(path) with the file picked.
void showOpenCheckpointDialog(QWidget* parent, const QString& near, const std::function<void(const QString&)>& chosen);
// Save As: calls chosen(path); cancelled() when the user backs out.
void showSaveCheckpointDialog(QWidget* parent, const QString& near, const std::function<void(const QString&)>& chosen,
                              const std::function<void()>& cancelled);
// File → Add Run to Compare…: calls chosen(paths) with the runs picked (several at once).
void showAddCompareRunsDialog(QWidget* parent, const QString& near, const std::function<void(const QStringList&)>& chosen);
// File → Watch Run…: any file name, the run may not have written its first checkpoint yet.
void showWatchRunDialog(QWidget* parent, const QString& near, const std::function<void(const QString&)>& chosen);

// Opens path in document. When a newer autosave of it exists (the app died after the last save) and asking is
// allowed, asks whether to open the autosave instead; the run keeps its own path either way. The Untitled run's
// autosave opens as unsaved work.
void askOpenCheckpoint(QWidget* parent, RunDocument* document, const QString& path, bool ask);
// At start-up: offers the newest Untitled run an earlier session autosaved; restore(autosavePath), or on Discard
// every unsaved autosave is removed.
void askRestoreUnsavedAutosave(QWidget* parent, const std::function<void(const QString&)>& restore);
// Closing with unsaved work: Save, Discard or Cancel.
QMessageBox::StandardButton askSaveBeforeClosing(QWidget* parent, bool savedBefore);
// Something replaces a run with unsaved work (a new run, another checkpoint, another dataset): what says what,
// e.g. "Loading CIFAR-10 ends the current run." Answers Save, Discard or Cancel through answered.
void askSaveBeforeReplacing(QWidget* parent, const QString& what, bool savedBefore,
                            const std::function<void(QMessageBox::StandardButton)>& answered);
// Continuing a run that has trained all its epochs: how many more? more(count), nothing on Cancel.
void askMoreEpochs(QWidget* parent, int trainedEpochs, int suggested, const std::function<void(int)>& more);

}  // namespace vae
