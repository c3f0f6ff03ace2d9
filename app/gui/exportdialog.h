#pragma once

#include "app/export/exporter.h"
#include "app/core/trainingtypes.h"

#include <QDialog>
#include <QImage>

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressDialog;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QTimer;

namespace vae {

class ExplorePanel;
class ExportRunner;

// Export → <kind>…: the options of one export kind as a form, pre-filled from what the window shows,
// a preview of the result, and Export. What it writes is what `vae-studio export` writes: the same
// Exporter renders the preview and writes the file, both on an ExportRunner thread, so the GUI thread
// never waits for it. Export shows a progress dialog whose Cancel stops the export with nothing
// written; success closes the dialog, a failure is shown in it (and in a message box) and keeps it open.
class ExportDialog : public QDialog {
  Q_OBJECT

 public:
  // The preview re-renders this long after the last change: typing "0.25" is one preview, not four.
  static constexpr int kPreviewDelayMs = 150;
  // A quick export finishes without the progress dialog flashing up.
  static constexpr int kProgressDelayMs = 400;

  // data: the loaded dataset when it is the checkpoint's (null: loaded on the export thread if needed).
  ExportDialog(CheckpointPtr checkpoint, std::shared_ptr<const DatasetSplit> data, const ExportOptions& initial,
               QWidget* parent = nullptr);
  ~ExportDialog() override;

  // The options of kind that reproduce what the Explore tab shows (see the .cpp for each field).
  static ExportOptions suggestedOptions(const ExplorePanel& explore, ExportKind kind);
  // The menu's name of a kind: "Latent Grid", "Loss History (CSV)".
  static QString kindTitle(ExportKind kind);

  ExportKind kind() const { return kind_; }
  // The form's values (fields that do not parse are left at their defaults: see inputError()).
  ExportOptions options() const;
  // Why a field cannot be used ("z: 'x' is not a number"), else empty.
  QString inputError() const;
  void setOutputPath(const QString& path);
  QString outputPath() const;

  // The newest preview's first frame (null for kinds without pictures or when rendering failed), its
  // frame count, and the text shown with it (size, or what a CSV will hold, or why it failed).
  QImage previewImage() const { return previewImage_; }
  int previewFrameCount() const { return previewFrames_; }
  QString previewText() const { return previewText_; }
  bool isExporting() const;
  // Failures in a non-blocking message box (default) or only in the dialog and the signal (tests).
  void setShowErrorDialogs(bool show) { showErrorDialogs_ = show; }

 public Q_SLOTS:
  // The Export button: checks the fields and writes on the export thread.
  void startExport();
  // The progress dialog's Cancel.
  void cancelExport();
  void browse();

 Q_SIGNALS:
  // After each preview (picture, description or failure) is shown.
  void previewUpdated();
  // summary: "wrote PATH (...)", as the CLI prints it.
  void exported(const QString& summary);
  void exportFailed(const QString& message);
  void exportCancelled();

 protected:
  // Cancel / Esc while an export runs cancels the export; the dialog stays until it has stopped.
  void reject() override;

 private:
  // The form's rows for this kind: the base z, then one builder per kind, then the picture's options.
  void buildForm(QFormLayout* form, const ExportOptions& initial);
  void buildGridRows(QFormLayout* form, const ExportOptions& o);
  void buildSamplesRows(QFormLayout* form, const ExportOptions& o);
  void buildTraversalRows(QFormLayout* form, const ExportOptions& o);
  void buildInterpolationRows(QFormLayout* form, const ExportOptions& o);
  void buildCodesRows(QFormLayout* form, const ExportOptions& o);
  void buildPresetsRows(QFormLayout* form, const ExportOptions& o);
  // A cvae's class for the kinds that decode one class (samples may keep a class per row).
  void buildClassRow(QFormLayout* form, const ExportOptions& o);
  void buildClassGridRows(QFormLayout* form, const ExportOptions& o);
  // The class grid's columns are a traversal (dimension, span) or random z (seed): the other's fields are off.
  void updateClassGridFields();
  bool randomColumns() const;  // the class grid's columns are random z (false for every other kind)
  // The rows' names: the dataset's class names when the dialog has the checkpoint's data, else "class N".
  QStringList classNames() const;
  void buildPictureRows(QFormLayout* form, const ExportOptions& o);
  void buildSpanRow(QFormLayout* form, const ExportOptions& o);
  void buildStepsRow(QFormLayout* form, const ExportOptions& o, int fallback, const QString& label = {});
  // Fields that refresh the preview when edited.
  QSpinBox* spinField(const char* name, int min, int max, int value);
  QDoubleSpinBox* doubleSpinField(const char* name, double min, double max, double value);
  QLineEdit* editField(const char* name, const QString& text, const QString& placeholder);
  QCheckBox* checkField(const char* name, const QString& text, bool on);
  QWidget* buildPathRow();
  void schedulePreview();
  void renderPreview();
  void showPreview(quint64 id, const QVector<QImage>& frames);
  void showPreviewText(const QString& text, bool error);
  void setPreviewFailed(bool failed);
  void updateExportButton();
  // The screen's room for a dialog that would like wanted.
  QSize fittedSize(const QSize& wanted) const;
  void onFormatChanged();
  void onPathEdited();
  void finishExport();
  void showFailure(const QString& message);
  void updateFpsEnabled();
  QString suffix() const;

  const CheckpointPtr checkpoint_;
  const std::shared_ptr<const DatasetSplit> data_;
  const ExportKind kind_;
  std::unique_ptr<ExportRunner> runner_;
  ExportOptions defaults_;  // what options() starts from: fields the kind has no widget for
  bool showErrorDialogs_ = true;

  // The form: only the kind's fields exist, the rest stay null.
  QLineEdit* zEdit_ = nullptr;
  QSpinBox* scaleBox_ = nullptr;
  QLineEdit* axesEdit_ = nullptr;
  QSpinBox* gridSizeBox_ = nullptr;
  QDoubleSpinBox* spanBox_ = nullptr;
  QCheckBox* labelsBox_ = nullptr;
  QSpinBox* seedBox_ = nullptr;
  QLineEdit* dimsEdit_ = nullptr;
  QSpinBox* stepsBox_ = nullptr;
  QLineEdit* fromEdit_ = nullptr;
  QLineEdit* toEdit_ = nullptr;
  QCheckBox* sphericalBox_ = nullptr;
  QDoubleSpinBox* fpsBox_ = nullptr;
  QComboBox* splitBox_ = nullptr;
  QCheckBox* includeZBox_ = nullptr;
  QLineEdit* presetNameEdit_ = nullptr;
  QComboBox* classBox_ = nullptr;    // item data: the class index (-1: a class per row, samples only)
  QComboBox* columnsBox_ = nullptr;  // class grid: item data true = random z
  QComboBox* formatBox_ = nullptr;
  QLineEdit* pathEdit_ = nullptr;

  QLabel* previewLabel_ = nullptr;
  QScrollArea* previewArea_ = nullptr;
  QLabel* previewInfo_ = nullptr;
  QLabel* statusLabel_ = nullptr;
  QPushButton* exportButton_ = nullptr;
  QTimer* previewTimer_ = nullptr;
  QProgressDialog* progress_ = nullptr;
  quint64 previewId_ = 0;  // newest preview requested; older answers are dropped
  bool previewFailed_ = false;  // the newest preview (or the fields' check) failed: Export would too
  QImage previewImage_;
  int previewFrames_ = 0;
  QString previewText_;
};

}  // namespace vae
