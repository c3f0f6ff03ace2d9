#pragma once

#include "app/core/trainingtypes.h"
#include "model/vae.h"
#include "model/vaeconfig.h"

#include <QImage>
#include <QObject>
#include <QVector>

#include <torch/torch.h>

#include <optional>

namespace vae {

struct Checkpoint;

// A model of config's shape whose random initial weights are about to be overwritten, built without
// disturbing the process-wide generator the Trainer seeds for repeatable weight init.
Vae buildUntrainedModel(const VaeConfig& config);
// Copies parameters (named_parameters() order, as snapshots and checkpoints keep them) into model; throws
// std::invalid_argument naming `what` when their count or a shape does not fit, before anything is copied.
void copyParametersInto(Vae& model, const std::vector<torch::Tensor>& parameters, const char* what);

// Decodes latent points to images on the GUI thread, with the newest weights the worker published.
//
// It keeps its own private Vae and copies a DecoderSnapshot's (or a checkpoint's) parameters into it,
// so nothing it decodes with is shared with the training thread. Decoding is cheap enough for the GUI
// thread (DESIGN.md: one z ~0.02 ms, a 20x20 grid ~2 ms); measured in tests/app/test_latentdecoder.cpp.
//
// Torch threads: the constructor pins the *calling* thread (the GUI thread) to one intra-op thread.
// LibTorch 1.13's OpenMP build keeps that count per OS thread, so the training worker's own
// at::set_num_threads on its thread does not change it, and a one-image decode never wakes a thread team.
//
// Every decoding call runs under torch::NoGradGuard with the model in eval(). Latent vectors of the
// wrong length throw std::invalid_argument with a one-line reason (the GUI shows what()); decoding
// before any model was set throws std::logic_error.
//
// A conditional VAE (issue 19) decodes every z as one class: classIndex(), 0 until setClassIndex() picks another,
// for decode, decodeBatch, decodeTensor, the grids, traversal and interpolate alike (so a view that knows nothing of
// classes shows class 0, and the Explore tab's class picker changes them all with one call). decodeEveryClass(z)
// gives the style of z drawn as each class. A new model keeps the class when it has it, else goes back to 0.
// An AsyncDecoder's job runs on that thread's own LatentDecoder: it sets the class itself, e.g.
// [k](LatentDecoder& d) { d.setClassIndex(k); return d.decodeGrid(...); }. Other kinds ignore the class.
class LatentDecoder : public QObject {
  Q_OBJECT

 public:
  explicit LatentDecoder(QObject* parent = nullptr);
  ~LatentDecoder() override;

  // Takes the weights of a snapshot. The model is rebuilt only when the config differs from the
  // current one; otherwise the parameters are copied in place. Emits modelChanged(snapshot->step).
  // A null snapshot is ignored. Throws std::invalid_argument if the parameters do not fit the config.
  void setSnapshot(const DecoderSnapshotPtr& snapshot);
  // The same from a loaded checkpoint (step = checkpoint.globalStep).
  void setCheckpoint(const Checkpoint& checkpoint);

  bool hasModel() const { return !model_.is_empty(); }
  int latentDim() const;      // 0 without a model
  qint64 step() const { return step_; }
  // The current model's config (default-constructed without a model).
  VaeConfig config() const;
  // The weights adopted last (shared, never modified), for a decoder on another thread; null without a model.
  DecoderSnapshotPtr snapshot() const { return snapshot_; }

  // A cvae's number of classes; 0 for the other kinds and without a model.
  int classCount() const;
  bool isConditional() const { return classCount() > 0; }
  // The class every decode uses for a cvae. Throws std::invalid_argument unless 0 <= classIndex < classCount()
  // (only 0 for the other kinds).
  void setClassIndex(int classIndex);
  int classIndex() const { return classIndex_; }
  // z decoded as every class, class 0 first ([classCount()] images, style held, class changed); one image for the
  // other kinds. One batch: the class picker's strip costs about as much as a single decode.
  QVector<QImage> decodeEveryClass(const QVector<double>& z);

  // One image for z (length latentDim()).
  QImage decode(const QVector<double>& z);
  // One image per z, decoded as one batch.
  QVector<QImage> decodeBatch(const QVector<QVector<double>>& zs);
  // Tensor variant: z [B,L] (any float dtype) -> B images. labels (int64 [B]) give a cvae each row's class;
  // undefined = classIndex() for every row.
  QVector<QImage> decodeTensor(const torch::Tensor& z, const torch::Tensor& labels = {});

  // An n x n grid over two plain latent dimensions, row-major. Coordinates are offsets from base (as in
  // LatentPlane): cell (r, c) is base with z[axisX] += centerX + x_c and z[axisY] += centerY + y_r, where
  // x runs from -span (left column) to +span and y from +span (top row) to -span. So with the centre at
  // (0, 0) and odd n the middle cell is base itself; n == 1 gives just the centre point.
  QVector<QImage> decodeGrid(const QVector<double>& base, int axisX, int axisY, int n, double span,
                             double centerX = 0.0, double centerY = 0.0);
  // The same over two arbitrary directions (e.g. PCA axes; normalised here): cell (r, c) decodes
  // base + (cx + x_c) * dirX + (cy + y_r) * dirY, with x from -span to +span and y from +span to -span.
  QVector<QImage> decodeGridAlong(const QVector<double>& base, const QVector<double>& dirX,
                                  const QVector<double>& dirY, int n, double span, double cx = 0.0,
                                  double cy = 0.0);
  // `steps` images with dimension `dim` swept from -span to +span, the rest held at base.
  QVector<QImage> traversal(const QVector<double>& base, int dim, int steps, double span);
  // `steps` images from a to b inclusive; spherical = slerp, else lerp.
  // The z of each frame of interpolate(a, b, steps, spherical), a to b inclusive: what Play moves the sliders
  // through. Empty when a and b differ in length or steps < 2.
  static QVector<QVector<double>> interpolationPath(const QVector<double>& a, const QVector<double>& b, int steps,
                                                    bool spherical);
  QVector<QImage> interpolate(const QVector<double>& a, const QVector<double>& b, int steps, bool spherical);

  // Posterior mean mu of an image, after converting it to the model's C x H x W (imageToTensor). A cvae encodes it
  // as class classIndex (-1 = classIndex(); a dataset image is best encoded with its own label).
  QVector<double> encode(const QImage& image, int classIndex = -1);

 Q_SIGNALS:
  void modelChanged(qint64 step);

 private:
  // Rebuilds or refreshes model_ from config + parameters (named_parameters() order).
  void adopt(const VaeConfig& config, const std::vector<torch::Tensor>& parameters, qint64 step);
  void requireModel(const char* what) const;
  // z as a float32 [1,L] row; throws std::invalid_argument when its length is not latentDim().
  torch::Tensor latentRow(const char* what, const char* name, const QVector<double>& z) const;
  // Decodes z [B,L]; labels undefined = classIndex() for every row of a cvae.
  QVector<QImage> decodeRows(const torch::Tensor& z, const torch::Tensor& labels = {});
  // [rows] labels of one class for a cvae; undefined for the other kinds.
  torch::Tensor classLabels(int64_t rows, int classIndex) const;

  Vae model_{nullptr};
  std::optional<VaeConfig> config_;
  qint64 step_ = 0;
  DecoderSnapshotPtr snapshot_;
  int classIndex_ = 0;  // a cvae's class for every decode
};

}  // namespace vae
