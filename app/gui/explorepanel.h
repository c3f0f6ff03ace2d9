#pragma once

#include "app/core/latentpresets.h"
#include "app/core/trainingtypes.h"

#include <QImage>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSpinBox;
class QTimer;

namespace vae {

class AsyncDecoder;
class ClassPicker;

struct Checkpoint;
class ExploreState;
class ImageGridView;
class LatentDecoder;
class LatentGridView;
class LatentPlanePanel;
class LatentScatter;
class LatentSliders;
struct Dataset;

// The Explore tab: latent sliders, the image they decode shown large, and a 2-D grid of decoded
// images over two chosen latent dimensions. It decodes on the GUI thread with the newest decoder
// snapshot the training worker published (or an opened checkpoint's weights), so it works while the
// model is still training.
//
// It also keeps named presets of z (saved to presetsPath() after every change, importable and
// exportable as JSON) and encodes a user's own image into the sliders (encodeImage).
class ExplorePanel : public QWidget {
  Q_OBJECT

 public:
  // How much the decoded image is enlarged (nearest neighbour) at most.
  static constexpr int kMaxImageScale = 12;
  // Play shows one frame per tick: ~8 fps is slow enough to see each image, fast enough to read as motion.
  static constexpr int kPlayIntervalMs = 125;
  // Height of the traversal and interpolation strips: one row of small images and their captions.
  static constexpr int kTraversalHeight = 92;

  explicit ExplorePanel(QWidget* parent = nullptr);
  ~ExplorePanel() override;

  void setSnapshot(const DecoderSnapshotPtr& snapshot);
  void setCheckpoint(const Checkpoint& checkpoint);
  // The model's KL per dimension and active dimensions, for the sliders and the scatter caption: the report
  // the KL bars show too (a live run's, or an opened model's preview).
  void setKl(const KlReport& report);
  // A conditional VAE's class: every view decodes z as it (the decoder keeps it; the export dialog reads it there).
  void setClassIndex(int classIndex);
  int classIndex() const;
  ClassPicker* classPicker() const { return classPicker_; }
  // The images the scatter encodes (the test split); their codes also give the grid PCA axes and, for an
  // opened checkpoint, the sliders' KL per dimension.
  void setDataset(const Dataset& testImages);
  // Forgets the model (a new run with another shape starts).
  void clearModel();

  // The explorer's position in latent space (z, selected dimension, range): the one owner every view binds to.
  ExploreState* state() const { return state_; }
  LatentSliders* sliders() const { return sliders_; }
  LatentGridView* grid() const;
  LatentScatter* scatter() const;
  LatentPlanePanel* latentPlane() const { return plane_; }
  LatentDecoder* decoder() const { return decoder_; }
  ImageGridView* traversalStrip() const { return traversal_; }
  QString traversalCaption() const;  // "Traversal of z2 from -3 to 3 · …" above the strip
  // Lays the page out in two columns (image over sliders | plane over interpolation) when `width` holds them,
  // else image and sliders side by side above the plane. The window calls it with its scroll area's width.
  void fitColumnsTo(int width);
  bool isStacked() const;  // image beside sliders, the plane below them
  // The least height the page needs at `width`, not the height it would like: its scroll area makes the page
  // at least this tall, and the preferred height (QWidget's answer) gave a window that holds the page a scroll
  // bar and cut its bottom row (the presets' buttons) behind the status bar, more so with taller CJK text.
  int heightForWidth(int width) const override;
  // The image decoded from the sliders' z (null without a model).
  QImage currentImage() const { return currentImage_; }
  // Axis choices of the grid and scatter: dims z0..z(L-1), then PCA axes (see LatentPlanePanel).
  int axisX() const;
  int axisY() const;
  void setAxes(int indexX, int indexY);

  // Where presets persist between sessions: AppDataLocation/presets.json (independent of QSettings, so
  // the file can be copied, shared or edited by hand).
  QVector<LatentPreset> presets() const { return presets_; }
  // The presets row's combo box; index i is presets()[i]. Presets of another latent length are disabled.
  QComboBox* presetBox() const { return presetBox_; }
  // Stores the sliders' z under name (replacing a preset of that name) and saves the file. False, with
  // nothing changed, without a model or with an empty name.
  bool addPreset(const QString& name);
  // Loads preset `index` into the sliders; false (sliders untouched) when out of range or of another
  // latent length than the model.
  bool applyPreset(int index);
  void deletePreset(int index);
  // Merges a presets file (same names are replaced) and saves; false with errorOccurred on failure.
  bool importPresets(const QString& path);
  // Writes all presets to path; false with errorOccurred on failure.
  bool exportPresets(const QString& path);

  // Encodes image (converted to the model's C x H x W, which is shown as a thumbnail next to label)
  // and loads its posterior mean into the sliders, widening their range when mu lies outside it.
  // False without a model or when encoding fails; lastError() says why.
  bool encodeImage(const QImage& image, const QString& label);
  // --- interpolation between two stored codes A and B ---
  // A or B (a copy of z; stored even before a model exists, used once its length matches). Stops Play.
  void setEndpointA(const QVector<double>& z);
  void setEndpointB(const QVector<double>& z);
  QVector<double> endpointA() const { return endpointA_; }
  QVector<double> endpointB() const { return endpointB_; }
  // Clamped to [kMinInterpolationSteps, kMaxInterpolationSteps] by the spin box.
  void setInterpolationSteps(int steps);
  int interpolationSteps() const;
  void setSpherical(bool spherical);
  bool isSpherical() const;
  // One row: decode(A), ..., decode(B), captions "A", "", ..., "B"; empty without a model or A and B.
  ImageGridView* interpolationStrip() const { return interpolationStrip_; }
  // The z of every strip image, in order (empty when the strip is).
  QVector<QVector<double>> interpolationFrames() const { return interpolationFrames_; }
  // Play loads the frames into the sliders one by one, A to B and back, until stop() (or A or B change).
  bool isPlaying() const;
  void play();
  void stop();

  // The image as the model saw it in the last successful encodeImage (null before).
  QImage encodedImage() const { return encodedImage_; }
  QString lastError() const { return lastError_; }

 Q_SIGNALS:
  // A conditional VAE's class changed (the picker or setClassIndex).
  void classChanged(int classIndex);
  // After the large image was decoded and shown.
  void imageDecoded(const QImage& image);
  // After the traversal strip shows the newest z (decoded off the GUI thread).
  void traversalDecoded();
  // Something the user asked for failed (title for a dialog, one-line "PATH: reason" details).
  void errorOccurred(const QString& title, const QString& details);

 private:
  void showClasses();
  void decodeEveryClass();  // the picker's strip: z as every class
  void bindSliders();
  void onModelChanged();
  void decodeCurrent();
  void decodeTraversal();
  void showTraversal(const QVector<QImage>& images, quint64 request);
  // Shows where the sliders' z came from (an encoded image, a test image) beside the decoded image.
  void showSource(const QImage& image, const QString& text);
  void showSourceMenu(const QPoint& pos);
  QWidget* createPresetRow();
  void loadStoredPresets();
  // Saves presets_ to presetsPath(); errorOccurred on failure (the presets stay in memory).
  void storePresets();
  void showPresets(int current);
  void savePresetDialog();
  void importPresetsDialog();
  void exportPresetsDialog();
  QWidget* createInterpolationBox();
  // Recomputes interpolationFrames_, the strip and the A/B thumbnails from the current model.
  void decodeInterpolation();
  void showPlayFrame();
  void advancePlayFrame();

  LatentDecoder* decoder_ = nullptr;
  ExploreState* state_ = nullptr;
  LatentSliders* sliders_ = nullptr;
  LatentPlanePanel* plane_ = nullptr;
  QLabel* imageLabel_ = nullptr;
  QLabel* stepLabel_ = nullptr;
  // The four boxes of the page and how they are arranged (arrange()).
  void arrange(bool narrow);
  int sideBySideWidth() const;  // the least width the two-column arrangement needs
  QGridLayout* layout_ = nullptr;
  QWidget* imageBox_ = nullptr;
  QWidget* slidersBox_ = nullptr;
  QWidget* gridBox_ = nullptr;
  QWidget* interpolationBox_ = nullptr;
  bool narrow_ = false;
  ImageGridView* traversal_ = nullptr;
  ClassPicker* classPicker_ = nullptr;
  QStringList datasetClassNames_;  // the test images' class names, for the picker
  AsyncDecoder* traversalDecoder_ = nullptr;  // the strip's images, off the GUI thread
  quint64 traversalRequest_ = 0;              // the newest strip asked for
  QString traversalCaption_;                  // its caption, shown with its images
  QLabel* traversalLabel_ = nullptr;
  QComboBox* presetBox_ = nullptr;
  QPushButton* deletePresetButton_ = nullptr;
  QPushButton* savePresetButton_ = nullptr;
  QLabel* encodedThumb_ = nullptr;
  QLabel* encodedLabel_ = nullptr;
  QLabel* thumbA_ = nullptr;
  QLabel* thumbB_ = nullptr;
  QSpinBox* interpolationStepsBox_ = nullptr;
  QComboBox* interpolationModeBox_ = nullptr;
  ImageGridView* interpolationStrip_ = nullptr;
  QPushButton* playButton_ = nullptr;
  QTimer* playTimer_ = nullptr;
  QVector<double> endpointA_;
  QVector<double> endpointB_;
  QVector<QVector<double>> interpolationFrames_;
  int playFrame_ = 0;
  int playDirection_ = 1;  // ping-pong: +1 towards B, -1 back towards A
  QVector<LatentPreset> presets_;
  QImage encodedImage_;
  QVector<double> sourceZ_;  // the code showSource showed, for "Use as Interpolation A/B"
  QString lastError_;
  QImage currentImage_;
  int latentDim_ = 0;
  bool liveWeights_ = false;  // from the training worker, not from a checkpoint
  bool traversalOnFirstDim_ = false;  // a new model's strip still shows z0 by default
};

}  // namespace vae
