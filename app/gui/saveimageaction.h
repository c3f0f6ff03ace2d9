#pragma once

#include <QImage>
#include <QObject>
#include <QStringList>

#include <functional>

class QAction;
class QWidget;

namespace vae {

// Right-click "Save Image As…" for one image view (a grid, a strip, a plot, the decoded image): a
// child object of the view that knows how to get its pixels and writes them atomically (a temp file
// renamed over the target, exportfiles.h), so every view saves the same way. It lives in app/, not in
// the view: widgets/ know nothing of files or export errors.
//
// The pixels are what the view shows, widget->grab() (captions, axes and all), unless an image
// provider is set (the decoded image: its own pixels, nearest-neighbour upscaled as shown). A writer
// replaces the PNG encoder for views with their own formats (the loss plot: PNG or PDF by suffix).
class SaveImageAction : public QObject {
  Q_OBJECT

 public:
  using ImageProvider = std::function<QImage()>;
  // Writes path in the format its suffix names; throws ExportError("PATH: reason").
  using Writer = std::function<void(const QString& path)>;

  // Own: the view gets a context menu holding just this action. Shared: the view already has menu
  // code, which adds action() to its menu (the dataset grid, the scatter, the encoded thumbnail).
  enum class Menu { Own, Shared };

  // Attaches a new action to view (replacing none: one per view); fileName is the dialog's suggestion
  // without suffix ("samples").
  static SaveImageAction* attach(QWidget* view, const QString& fileName, Menu menu = Menu::Own);
  // The action attached to view, or nullptr.
  static SaveImageAction* of(const QWidget* view);

  void setImageProvider(ImageProvider provider) { provider_ = std::move(provider); }
  // suffixes: what writer can write, the first being the default ("png", "pdf").
  void setWriter(Writer writer, const QStringList& suffixes);

  QAction* action() const { return action_; }
  QWidget* view() const { return view_; }
  // The pixels a PNG save writes.
  QImage image() const;
  // Writes the view to path (no dialog; tests and the dialog's result). False with failed(message)
  // when the suffix is not one this view writes or the file cannot be written.
  bool saveTo(const QString& path);

 Q_SIGNALS:
  void saved(const QString& path);
  // "PATH: reason", one line.
  void failed(const QString& message);

 private:
  SaveImageAction(QWidget* view, const QString& fileName);
  // Asks for a path (QFileDialog, suffix following the chosen filter) and saves there.
  void saveDialog();
  void showOwnMenu(const QPoint& pos);

  QWidget* view_;
  QAction* action_;
  QString fileName_;
  ImageProvider provider_;
  Writer writer_;
  QStringList suffixes_{QStringLiteral("png")};
};

}  // namespace vae
