#pragma once

#include <QVector>
#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QSlider;
class QVBoxLayout;

namespace vae {

// One slider per latent dimension: drag one and zChanged fires on every step, so the decoded image
// (shown elsewhere) follows the hand. Values are in prior σ units and clamped to ±range(). Each row also
// shows that dimension's KL (nats); rows can be ordered by KL and inactive ones hidden, which is what
// makes 256 dimensions explorable.
class LatentSliders : public QWidget {
  Q_OBJECT

 public:
  // Slider resolution: 100 ticks per σ, so one tick is exactly the spin box's last decimal.
  static constexpr int kTicksPerSigma = 100;
  // Arrow keys: fine enough to see small effects, coarse enough that holding a key crosses ±3σ in ~2 s.
  static constexpr double kSingleStepSigma = 0.05;
  // PageUp/PageDown: half a prior σ, a clearly visible change for an active dimension.
  static constexpr double kPageStepSigma = 0.5;
  // ±3σ covers 99.7% of the prior; far enough out to see what a dimension does.
  static constexpr double kDefaultRange = 3.0;
  static constexpr double kMinRange = 0.5;
  // Far beyond any prior's use, but a plain autoencoder's codes are held near nothing: a 10-epoch Fashion-MNIST
  // one reaches ±14. ("-50.00" is as wide as "-10.00", so the value column keeps its width.)
  static constexpr double kMaxRange = 50.0;

  explicit LatentSliders(QWidget* parent = nullptr);

  // Rebuilds one row per dimension, all at 0, without KL; emits zChanged once with the zero vector.
  void setDimensions(int latentDim);
  int dimensions() const { return static_cast<int>(z_.size()); }

  QVector<double> z() const { return z_; }
  // Values beyond ±range() are clamped. A z of the wrong length is ignored (with a warning).
  // Emits zChanged exactly once, not once per row.
  void setZ(const QVector<double>& z);
  // setZ for a z found elsewhere (encoded image, preset, scatter point, animation frame): the range is
  // first widened to the next whole sigma that holds every value (at most kMaxRange), so it comes back
  // as found instead of clamped.
  void setZWidening(const QVector<double>& z);
  double value(int dim) const;
  void setValue(int dim, double value);  // emits zChanged when the (clamped) value changes

  // Half-width of every slider in prior σ; values outside the new range are clamped (zChanged if any was).
  void setRange(double sigmas);
  double range() const { return range_; }

  // KL per dimension (nats) and which dimensions are active (the caller's verdict: app/core KlReport). A
  // vector of another length than dimensions() leaves missing rows blank; a missing flag counts as active.
  void setKl(const QVector<double>& klPerDim, const QVector<bool>& active);
  const QVector<double>& kl() const { return kl_; }
  // A plain autoencoder has no prior and no KL: each row shows its codes' sd instead of KL, grey where they
  // barely vary (varies: the caller's verdict), Reset goes to the codes' mean and Randomize draws from
  // N(mean, sd²) per dimension; the texts say so. setKl() returns to the prior's meaning.
  void setCodeSpread(const QVector<double>& mean, const QVector<double>& sd, const QVector<bool>& varies);
  bool showsCodeSpread() const { return !codeMean_.isEmpty(); }
  QString summaryText() const;  // "20 dimensions · 7 active · …" above the rows

  void setOrderByKl(bool on);
  bool orderByKl() const { return orderByKl_; }
  void setHideInactive(bool on);
  bool hideInactive() const { return hideInactive_; }
  // Dimensions from top to bottom as laid out, hidden rows included.
  QVector<int> rowOrder() const { return order_; }
  // False when the row is hidden by "Hide inactive".
  bool isRowShown(int dim) const;

  // The dimension whose row was last clicked or focused (the traversal strip follows it); -1 for none.
  int selectedDimension() const { return selected_; }
  void setSelectedDimension(int dim);

  // The row's widgets, for keyboard focus and tests; nullptr when out of range.
  QSlider* slider(int dim) const;
  QDoubleSpinBox* spinBox(int dim) const;
  QCheckBox* orderByKlBox() const { return orderBox_; }
  QCheckBox* hideInactiveBox() const { return hideBox_; }
  QDoubleSpinBox* rangeBox() const { return rangeBox_; }

  QSize sizeHint() const override;

 public Q_SLOTS:
  void reset();                 // every dimension to 0 (the prior mean) or the codes' mean; one zChanged
  void randomize();             // a fresh N(0,1) (or codes') sample from a random seed
  void randomize(quint32 seed); // deterministic sample, clamped to ±range(); one zChanged

 Q_SIGNALS:
  void zChanged(const QVector<double>& z);
  void rangeChanged(double sigmas);
  void selectedDimensionChanged(int dim);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  struct Row {
    QWidget* widget = nullptr;
    QLabel* label = nullptr;
    QSlider* slider = nullptr;
    QDoubleSpinBox* spin = nullptr;
    QLabel* klText = nullptr;
    QWidget* klFill = nullptr;  // a child of klTrack, as wide as the KL relative to the largest one
    QWidget* klTrack = nullptr;
  };

  Row makeRow(int dim);
  void onSliderMoved(int dim, int ticks);
  void onSpinEdited(int dim, double value);
  // Shows z_[dim] on the row's slider and spin box without feeding back into onSlider/onSpin.
  void showValue(int dim);
  void showAllValues();
  void showKl();
  void showRowMeasure(int dim, double maxValue);
  void showSummary(bool anyKnown);
  void updateUnitTexts();  // the header's and rows' texts: prior σ or code units
  QString sliderToolTip(int dim) const;
  void applyOrder();
  void applyVisibility();
  void updateTabOrder();
  void paintSelection(int dim, bool selected);
  double clampToRange(double v) const;
  double klOf(int dim) const;  // NaN when unknown
  bool isInactive(int dim) const;  // known and not active

  QVector<double> z_;
  QVector<double> kl_;  // KL per dimension, or an autoencoder's code sd
  QVector<bool> active_;
  QVector<double> codeMean_;  // an autoencoder's code mean per dimension; empty for a VAE
  QVector<Row> rows_;
  QVector<int> order_;
  double range_ = kDefaultRange;
  bool orderByKl_ = false;
  bool hideInactive_ = false;
  // Reordering under a dragging hand would move the row away from the mouse: wait for the release.
  bool reorderPending_ = false;
  int selected_ = -1;

  QDoubleSpinBox* rangeBox_ = nullptr;
  QCheckBox* orderBox_ = nullptr;
  QCheckBox* hideBox_ = nullptr;
  QPushButton* resetButton_ = nullptr;
  QPushButton* randomButton_ = nullptr;
  QLabel* summary_ = nullptr;
  QScrollArea* scroll_ = nullptr;
  QWidget* rowsHost_ = nullptr;
  QVBoxLayout* rowsLayout_ = nullptr;
};

}  // namespace vae
