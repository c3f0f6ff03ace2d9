#include "app/gui/saveimageaction.h"

#include "app/export/exportfiles.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QPixmap>
#include <QWidget>

namespace vae {

namespace {
QString filterFor(const QString& suffix) {
  if (suffix == QLatin1String("pdf")) return SaveImageAction::tr("PDF document (*.pdf)");
  return SaveImageAction::tr("%1 image (*.%2)").arg(suffix.toUpper(), suffix);
}
}  // namespace

SaveImageAction::SaveImageAction(QWidget* view, const QString& fileName)
    : QObject(view), view_(view), fileName_(fileName) {
  setObjectName(QStringLiteral("saveImageAction"));
  action_ = new QAction(tr("Save Image As…"), this);
  action_->setStatusTip(tr("Save what this view shows as an image file"));
  connect(action_, &QAction::triggered, this, &SaveImageAction::saveDialog);
}

SaveImageAction* SaveImageAction::attach(QWidget* view, const QString& fileName, Menu menu) {
  auto* saver = new SaveImageAction(view, fileName);
  if (menu == Menu::Own) {
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, saver, &SaveImageAction::showOwnMenu);
  }
  return saver;
}

SaveImageAction* SaveImageAction::of(const QWidget* view) {
  return view ? view->findChild<SaveImageAction*>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

void SaveImageAction::setWriter(Writer writer, const QStringList& suffixes) {
  writer_ = std::move(writer);
  suffixes_ = suffixes.isEmpty() ? QStringList{QStringLiteral("png")} : suffixes;
}

QImage SaveImageAction::image() const { return provider_ ? provider_() : view_->grab().toImage(); }

bool SaveImageAction::saveTo(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  try {
    if (!suffixes_.contains(suffix))
      throw ExportError(tr("%1: this view saves as .%2, not '.%3'")
                            .arg(path, suffixes_.join(QStringLiteral(" or .")), suffix)
                            .toStdString());
    if (writer_) {
      writer_(path);
    } else {
      const QImage pixels = image();
      if (pixels.isNull()) throw ExportError(tr("%1: the view shows no image yet").arg(path).toStdString());
      savePngAtomically(path, pixels);
    }
  } catch (const ExportError& e) {
    Q_EMIT failed(QString::fromStdString(e.what()));
    return false;
  }
  rememberExportDirectory(path);
  Q_EMIT saved(path);
  return true;
}

void SaveImageAction::saveDialog() {
  QStringList filters;
  for (const QString& suffix : suffixes_) filters << filterFor(suffix);
  const QString start = QDir(lastExportDirectory()).filePath(fileName_ + QLatin1Char('.') + suffixes_.first());
  // Asynchronous (open, not exec): no nested event loop while training signals keep arriving.
  auto* dialog = new QFileDialog(view_->window(), tr("Save Image As"), start, filters.join(QStringLiteral(";;")));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setAcceptMode(QFileDialog::AcceptSave);
  dialog->setDefaultSuffix(suffixes_.first());
  // The suffix follows the chosen format (the loss plot: PNG or PDF).
  connect(dialog, &QFileDialog::filterSelected, dialog, [this, dialog](const QString& filter) {
    for (const QString& suffix : suffixes_)
      if (filter == filterFor(suffix)) dialog->setDefaultSuffix(suffix);
  });
  connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& path) { saveTo(path); });
  dialog->open();
}

void SaveImageAction::showOwnMenu(const QPoint& pos) {
  QMenu menu(view_);
  menu.addAction(action_);
  menu.exec(view_->mapToGlobal(pos));
}

}  // namespace vae
