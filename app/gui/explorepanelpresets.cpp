// ExplorePanel's saved codes ("presets"): the row that names, applies and deletes them, their storage in the
// settings, and import/export as JSON. Kept apart from explorepanel.cpp, which builds the tab and decodes.
#include "app/gui/explorepanel.h"

#include "app/gui/classpicker.h"
#include "app/core/asyncdecoder.h"
#include "app/core/defaults.h"
#include "app/core/explorestate.h"

#include "app/core/imageconversion.h"
#include "app/core/latentdecoder.h"
#include "app/gui/saveimageaction.h"
#include "model/checkpoint.h"
#include "model/latenttools.h"
#include "widgets/imagegridview.h"
#include "app/gui/latentplanepanel.h"
#include "widgets/latentgridview.h"
#include "widgets/latentsliders.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QStandardItemModel>
#include <QToolButton>
#include <QHBoxLayout>
#include <QMenu>
#include <QPushButton>

#include <algorithm>
#include <cmath>
#include <exception>

namespace vae {

namespace {
const char* const kPresetFilter = QT_TRANSLATE_NOOP("vae::ExplorePanel", "VAE Studio presets (*.json);;All files (*)");
}  // namespace

QWidget* ExplorePanel::createPresetRow() {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  presetBox_ = new QComboBox;
  presetBox_->setObjectName("presetBox");
  presetBox_->setPlaceholderText(tr("Saved codes…"));
  presetBox_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  presetBox_->setMinimumContentsLength(8);
  presetBox_->setToolTip(tr("Presets: choose a saved z to load it into the sliders"));
  savePresetButton_ = new QPushButton(tr("Save z as…"));
  deletePresetButton_ = new QPushButton(tr("Delete"));
  // Import and export are rare: behind one button, so the row fits beside the image in a 1000 px window.
  // A plain tool button that pops the menu up: a menu button's arrow covered its text in some styles.
  auto* moreButton = new QToolButton;
  moreButton->setText(tr("More"));
  moreButton->setObjectName("presetMore");
  moreButton->setToolTip(tr("Import or export presets as a JSON file"));
  auto* moreMenu = new QMenu(moreButton);
  QAction* importAction = moreMenu->addAction(tr("Import Presets…"));
  QAction* exportAction = moreMenu->addAction(tr("Export Presets…"));
  connect(moreButton, &QToolButton::clicked, moreMenu,
          [moreButton, moreMenu] { moreMenu->popup(moreButton->mapToGlobal(moreButton->rect().bottomLeft())); });
  layout->addWidget(presetBox_, 1);
  layout->addWidget(savePresetButton_);
  layout->addWidget(deletePresetButton_);
  layout->addWidget(moreButton);
  // activated, not currentIndexChanged: choosing the shown preset again after moving the sliders
  // must restore it too.
  connect(presetBox_, qOverload<int>(&QComboBox::activated), this, &ExplorePanel::applyPreset);
  connect(savePresetButton_, &QPushButton::clicked, this, &ExplorePanel::savePresetDialog);
  connect(deletePresetButton_, &QPushButton::clicked, this, [this] { deletePreset(presetBox_->currentIndex()); });
  connect(importAction, &QAction::triggered, this, &ExplorePanel::importPresetsDialog);
  connect(exportAction, &QAction::triggered, this, &ExplorePanel::exportPresetsDialog);
  return row;
}

void ExplorePanel::loadStoredPresets() {
  presets_.clear();
  if (QFileInfo::exists(presetsPath())) {
    try {
      presets_ = loadPresets(presetsPath());
    } catch (const std::exception& e) {
      // Nothing is shown yet to report to; the tooltip keeps the reason. The broken file is only
      // replaced when the user saves a preset.
      presetBox_->setToolTip(tr("Stored presets could not be read: %1").arg(QString::fromStdString(e.what())));
    }
  }
  showPresets(-1);
}

void ExplorePanel::storePresets() {
  try {
    QDir().mkpath(QFileInfo(presetsPath()).absolutePath());
    savePresets(presetsPath(), presets_);
  } catch (const std::exception& e) {
    Q_EMIT errorOccurred(tr("Could Not Save Presets"), QString::fromStdString(e.what()));
  }
}

void ExplorePanel::showPresets(int current) {
  const QSignalBlocker block(presetBox_);
  presetBox_->clear();
  auto* model = qobject_cast<QStandardItemModel*>(presetBox_->model());
  for (int i = 0; i < presets_.size(); ++i) {
    const LatentPreset& preset = presets_[i];
    presetBox_->addItem(preset.name);
    if (latentDim_ > 0 && preset.z.size() != latentDim_) {
      // Kept, not dropped: it belongs to a model of another shape the user may open again.
      if (model) model->item(i)->setEnabled(false);
      presetBox_->setItemData(i, tr("Saved with %1 latent dimensions; this model has %2")
                                     .arg(preset.z.size())
                                     .arg(latentDim_),
                              Qt::ToolTipRole);
    }
  }
  presetBox_->setCurrentIndex(current < presets_.size() ? current : -1);
  deletePresetButton_->setEnabled(!presets_.isEmpty());
}

bool ExplorePanel::addPreset(const QString& name) {
  const QString trimmed = name.trimmed();
  if (trimmed.isEmpty() || !decoder_->hasModel() || state_->dimensions() == 0) return false;
  const LatentPreset preset{trimmed, state_->z()};
  int index = -1;
  for (int i = 0; i < presets_.size(); ++i)
    if (presets_[i].name == trimmed) index = i;
  if (index >= 0) {
    presets_[index] = preset;
  } else {
    presets_.append(preset);
    index = static_cast<int>(presets_.size()) - 1;
  }
  showPresets(index);
  storePresets();
  return true;
}

bool ExplorePanel::applyPreset(int index) {
  if (index < 0 || index >= presets_.size()) return false;
  const QVector<double>& z = presets_[index].z;
  if (z.size() != state_->dimensions() || z.isEmpty()) return false;
  state_->setZWidening(z);  // a preset found with a wider range must come back exactly
  return true;
}

void ExplorePanel::deletePreset(int index) {
  if (index < 0 || index >= presets_.size()) return;
  presets_.remove(index);
  showPresets(-1);
  storePresets();
}

bool ExplorePanel::importPresets(const QString& path) {
  QVector<LatentPreset> incoming;
  try {
    incoming = loadPresets(path);
  } catch (const std::exception& e) {
    Q_EMIT errorOccurred(tr("Could Not Import Presets"), QString::fromStdString(e.what()));
    return false;
  }
  for (const LatentPreset& preset : incoming) {
    auto same = std::find_if(presets_.begin(), presets_.end(),
                             [&](const LatentPreset& p) { return p.name == preset.name; });
    if (same != presets_.end())
      *same = preset;
    else
      presets_.append(preset);
  }
  showPresets(presetBox_->currentIndex());
  storePresets();
  return true;
}

bool ExplorePanel::exportPresets(const QString& path) {
  try {
    savePresets(path, presets_);
  } catch (const std::exception& e) {
    Q_EMIT errorOccurred(tr("Could Not Export Presets"), QString::fromStdString(e.what()));
    return false;
  }
  return true;
}

void ExplorePanel::savePresetDialog() {
  if (!decoder_->hasModel()) return;
  bool ok = false;
  const QString name = QInputDialog::getText(this, tr("Save z as Preset"), tr("Name:"), QLineEdit::Normal,
                                             tr("Preset %1").arg(presets_.size() + 1), &ok);
  if (ok) addPreset(name);
}

void ExplorePanel::importPresetsDialog() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Import Presets"), QString(), tr(kPresetFilter));
  if (!path.isEmpty()) importPresets(path);
}

void ExplorePanel::exportPresetsDialog() {
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Export Presets"), QStringLiteral("presets.json"), tr(kPresetFilter));
  if (!path.isEmpty()) exportPresets(path);
}

}  // namespace vae
