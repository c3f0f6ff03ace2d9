#pragma once

#include <QObject>
#include <QStringList>

#include <functional>

class QAction;
class QMenu;

namespace vae {

class LossPlot;
class MainWindow;

// What the menus' entries depend on, worked out by the window.
struct MenuState {
  bool trainingActive = false;  // a run is training or paused here
  bool paused = false;
  bool continuesOpenedRun = false;  // Start continues an opened checkpoint
  bool watching = false;
  bool canStart = false;
  bool canSave = false;
};

// The window's menu bar and training toolbar: File, Training, Export (filled by ExportMenu), View and Help, with
// their shortcuts (debugger conventions for training: F5 run / continue, Shift+F5 stop, F10 step; Ctrl+N a new run). Every entry
// calls a MainWindow slot; which are enabled follows update().
class MainMenus : public QObject {
  Q_OBJECT

 public:
  MainMenus(MainWindow* window, LossPlot* plot);

  QMenu* exportMenu() const { return exportMenu_; }
  void update(const MenuState& state);
  // PageUp/PageDown are window-wide shortcuts, and shortcuts win over the focused widget: on any other tab they
  // would flip dataset pages instead of moving a latent slider.
  void updatePages(bool onDatasetTab, bool hasPrevious, bool hasNext);
  void updateRecent(const QStringList& files, const std::function<void(const QString&)>& open,
                    const std::function<void()>& clear);

 private:
  void createFileMenu();
  void createTrainingMenu();
  void createViewMenu(LossPlot* plot);

  MainWindow* window_;
  QAction* openAction_ = nullptr;
  QAction* openCheckpointAction_ = nullptr;
  QAction* watchAction_ = nullptr;
  QAction* stopWatchAction_ = nullptr;
  QAction* saveAction_ = nullptr;
  QAction* saveAsAction_ = nullptr;
  QAction* toggleAction_ = nullptr;
  QAction* newRunAction_ = nullptr;
  QAction* stopAction_ = nullptr;
  QAction* stepAction_ = nullptr;
  QAction* previousAction_ = nullptr;
  QAction* nextAction_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QMenu* exportMenu_ = nullptr;
};

}  // namespace vae
