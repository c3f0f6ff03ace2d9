#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

class QFontMetrics;

namespace vae {

// KL per latent dimension as bars (nats), live, optionally sorted largest first, with the
// active-dimension count. Shows a visible warning when the posterior collapses. Which dimensions are active
// and whether the model collapsed are the caller's verdicts (app/core KlReport): this widget only shows them.
class KlBars : public QWidget {
  Q_OBJECT

 public:
  explicit KlBars(QWidget* parent = nullptr);

  // active: one flag per dimension (inactive bars are grey); collapsed: show the collapse warning.
  void setKl(const QVector<double>& klPerDim, const QVector<bool>& active, bool collapsed);
  // A plain autoencoder has no KL term: the bars show its codes' sd per dimension instead, grey where the
  // codes barely vary (varies: the caller's verdict), and the title says so.
  void setCodeSpread(const QVector<double>& sdPerDim, const QVector<bool>& varies);
  bool showsCodeSpread() const { return codeSpread_; }
  void clear();
  void setSorted(bool sorted);
  bool sorted() const { return sorted_; }

  const QVector<double>& kl() const { return kl_; }
  int activeUnits() const;
  double totalKl() const;
  bool collapseWarning() const;
  // The dimension drawn at bar position i (identity unless sorted).
  int dimensionAt(int barIndex) const;
  // Bar position under pos (widget coordinates), or -1.
  int barAt(const QPoint& pos) const;
  // Where bar barIndex is drawn (widget coordinates); empty when out of range.
  QRectF barRect(int barIndex) const;
  // "KL per dimension · 7 of 20 active · total 16.3 nats"; for an autoencoder
  // "No KL term (autoencoder) · code sd per dimension · 18 of 20 vary"
  QString titleText() const;
  // The title as drawn: titleText(), or where that does not fit "KL · 7 of 20 active · 16.3 nats", then
  // "7/20 active · 16.3 nats", elided only when even that does not fit.
  QString shownTitle() const;
  // The collapse banner's text; empty while there is no warning.
  QString warningText() const;
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;
  bool event(QEvent* event) override;

 private:
  // Top of the y axis in nats: a round number at or above the largest KL.
  double axisMax() const;
  QRect warningRect() const;
  QRectF chartRect() const;
  QStringList titleTexts() const;  // the title's forms, longest first
  QString axisCaption() const;     // under the bars: what the axis and the grey bars mean
  // The caption as drawn in `room` pixels: whole, else just "latent dimension".
  QString shownAxisCaption(const QFontMetrics& metrics, double room) const;

  QVector<double> kl_;
  QVector<int> order_;
  QVector<bool> active_;
  bool collapsed_ = false;
  bool sorted_ = false;
  bool codeSpread_ = false;  // the values are an autoencoder's code sd, not KL in nats
};

}  // namespace vae
