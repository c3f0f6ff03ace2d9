#include "widgets/klbars.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace vae {

namespace {
// Grey bars are drawn at least this tall so a dead dimension still shows up as "present but empty".
constexpr double kMinBarPx = 3.0;
// Room around the chart, and for the y tick labels at the left.
constexpr int kMargin = 8;
// Bars narrower than this are drawn edge to edge; wider ones get a gap so they read as separate bars.
constexpr double kGapFromPx = 4.0;
// Bars at least this wide print their value above them.
constexpr double kValueLabelFromPx = 26.0;
// The y axis never spans less than this, so a collapsed run's tiny bars do not fill the chart.
constexpr double kMinAxisMax = 0.1;

const QColor kActiveColor(31, 119, 180);
const QColor kInactiveColor(185, 185, 185);
const QColor kWarningFill(255, 236, 210);
const QColor kWarningText(190, 60, 0);

// A "nice" step (1, 2 or 5 times a power of ten) giving about `count` intervals over [0, max].
double niceStep(double max, int count) {
  const double raw = max / std::max(1, count);
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= raw) return m * p;
  }
  return 10 * p;
}

// Smallest label stride 1, 2, 5, 10, 20, ... that leaves `labelPx` for each label.
int labelStride(double slotPx, double labelPx) {
  for (int base = 1;; base *= 10) {
    for (int m : {1, 2, 5}) {
      if (slotPx * m * base >= labelPx) return m * base;
    }
  }
}

QString formatNats(double v) { return v >= 10 ? QString::number(v, 'f', 1) : QString::number(v, 'f', 2); }
}  // namespace

KlBars::KlBars(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void KlBars::setKl(const QVector<double>& klPerDim, const QVector<bool>& active, bool collapsed) {
  codeSpread_ = false;
  kl_ = klPerDim;
  active_ = active;
  active_.resize(kl_.size());  // a missing flag counts as inactive
  collapsed_ = collapsed && !kl_.isEmpty();
  setSorted(sorted_);  // rebuilds order_ for the new values and schedules the repaint
}

void KlBars::setCodeSpread(const QVector<double>& sdPerDim, const QVector<bool>& varies) {
  setKl(sdPerDim, varies, /*collapsed=*/false);
  codeSpread_ = true;
}

void KlBars::clear() { setKl({}, {}, false); }

int KlBars::activeUnits() const { return static_cast<int>(active_.count(true)); }

void KlBars::setSorted(bool sorted) {
  sorted_ = sorted;
  order_.resize(kl_.size());
  std::iota(order_.begin(), order_.end(), 0);
  // Stable: equal KLs keep dimension order, so the bars do not shuffle between updates.
  if (sorted_) std::stable_sort(order_.begin(), order_.end(), [this](int a, int b) { return kl_[a] > kl_[b]; });
  update();
}

double KlBars::totalKl() const { return std::accumulate(kl_.cbegin(), kl_.cend(), 0.0); }

bool KlBars::collapseWarning() const { return collapsed_; }

int KlBars::dimensionAt(int barIndex) const {
  return barIndex >= 0 && barIndex < order_.size() ? order_[barIndex] : -1;
}

int KlBars::barAt(const QPoint& pos) const {
  const QRectF chart = chartRect();
  if (kl_.isEmpty() || !chart.contains(pos)) return -1;
  const int i = static_cast<int>((pos.x() - chart.left()) / (chart.width() / kl_.size()));
  return i >= 0 && i < kl_.size() ? i : -1;
}

QString KlBars::titleText() const {
  if (kl_.isEmpty()) return tr("KL per dimension · no data yet");
  if (codeSpread_)
    return tr("No KL term (autoencoder) · code sd per dimension · %1 of %2 vary").arg(activeUnits()).arg(kl_.size());
  return tr("KL per dimension · %1 of %2 active · total %3 nats")
      .arg(activeUnits())
      .arg(kl_.size())
      .arg(formatNats(totalKl()));
}

QStringList KlBars::titleTexts() const {
  if (kl_.isEmpty()) return {titleText(), tr("No data yet")};
  const QString active = QString::number(activeUnits()), dims = QString::number(kl_.size());
  // The shortest form still says there is no KL: "20/20 vary" alone read as a VAE's count.
  if (codeSpread_) return {titleText(), tr("No KL · code sd · %1 of %2 vary").arg(active, dims),
                           tr("No KL · %1/%2 vary").arg(active, dims)};
  const QString total = formatNats(totalKl());
  return {titleText(), tr("KL · %1 of %2 active · %3 nats").arg(active, dims, total),
          tr("%1/%2 active · %3 nats").arg(active, dims, total)};
}

QString KlBars::shownTitle() const {
  QFont bold = font();
  bold.setBold(true);
  const QFontMetrics metrics(bold);
  const int room = width() - 2 * kMargin;
  const QStringList texts = titleTexts();
  for (const QString& text : texts)
    if (metrics.horizontalAdvance(text) <= room) return text;
  return metrics.elidedText(texts.last(), Qt::ElideRight, room);
}

QString KlBars::warningText() const {
  if (!collapseWarning()) return {};
  return tr("Posterior collapse: the decoder ignores z (active units %1, KL %2 nats) — try a lower β or KL warm-up")
      .arg(activeUnits())
      .arg(formatNats(totalKl()));
}

double KlBars::axisMax() const {
  const double max = kl_.isEmpty() ? 0.0 : *std::max_element(kl_.cbegin(), kl_.cend());
  const double top = std::max(max, kMinAxisMax);
  const double step = niceStep(top, 4);
  return std::ceil(top / step - 1e-9) * step;
}

QRect KlBars::warningRect() const {
  if (!collapseWarning()) return {};
  const QFontMetrics fm(font());
  const int top = kMargin + fm.height() + 4;
  const int w = width() - 2 * kMargin;
  const QRect text = fm.boundingRect(QRect(0, 0, w - 16, 1000), Qt::TextWordWrap, warningText());
  return QRect(kMargin, top, w, text.height() + 10);
}

QRectF KlBars::chartRect() const {
  const QFontMetrics fm(font());
  const QRect warn = warningRect();
  const int top = (warn.isEmpty() ? kMargin + fm.height() + 4 : warn.bottom() + 6) + fm.height() / 2;
  const int left = kMargin + fm.horizontalAdvance(QStringLiteral("00.0")) + 6;
  // Tick labels and the "latent dimension" caption below the bars.
  const int bottom = height() - kMargin - 2 * fm.height() - 4;
  return QRectF(QPointF(left, top), QPointF(width() - kMargin, std::max(top + 10, bottom)));
}

QRectF KlBars::barRect(int barIndex) const {
  if (barIndex < 0 || barIndex >= kl_.size()) return {};
  const QRectF chart = chartRect();
  const double slot = chart.width() / kl_.size();
  const double gap = slot >= kGapFromPx ? std::min(slot * 0.2, 6.0) : 0.0;
  const double value = std::max(0.0, kl_[order_[barIndex]]);
  double h = value / axisMax() * chart.height();
  if (!active_[order_[barIndex]]) h = std::max(h, kMinBarPx);
  h = std::min(h, chart.height());
  // Whole-pixel edges: with 256 bars in a few hundred pixels, fractional edges would blur bars into
  // half-tone neighbours.
  const double x0 = std::round(chart.left() + barIndex * slot + gap / 2);
  const double x1 = std::max(x0 + 1, std::round(chart.left() + (barIndex + 1) * slot - gap / 2));
  return QRectF(x0, chart.bottom() - h, x1 - x0, h);
}

QSize KlBars::sizeHint() const { return QSize(480, 240); }

void KlBars::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().base());
  const QFontMetrics fm(font());
  const QColor textColor = palette().color(QPalette::Text);

  // Title: the summary a newcomer needs first.
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.setPen(textColor);
  // Shorter when narrow (the tooltip over the title has it whole).
  const QRect titleRect(kMargin, kMargin, width() - 2 * kMargin, fm.height());
  p.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter, shownTitle());
  p.setFont(font());

  const QRect warn = warningRect();
  if (!warn.isEmpty()) {
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(kWarningText, 1.5));
    p.setBrush(kWarningFill);
    p.drawRoundedRect(QRectF(warn).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setFont(bold);
    p.drawText(warn.adjusted(8, 5, -8, -5), Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignVCenter, warningText());
    p.setFont(font());
  }

  const QRectF chart = chartRect();
  const double top = axisMax();
  const double step = niceStep(top, 4);

  // Horizontal grid with nat ticks on the left.
  const QColor grid = palette().color(QPalette::Mid);
  for (double v = 0; v <= top + step * 1e-6; v += step) {
    const double y = chart.bottom() - v / top * chart.height();
    p.setPen(QPen(v == 0 ? textColor : grid.lighter(130), 1));
    p.drawLine(QPointF(chart.left(), y), QPointF(chart.right(), y));
    p.setPen(textColor);
    const QString label = step < 1 ? QString::number(v, 'f', step < 0.1 ? 2 : 1) : QString::number(v);
    p.drawText(QRectF(kMargin, y - fm.height() / 2.0, chart.left() - kMargin - 4, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, label);
  }

  if (kl_.isEmpty()) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(chart, Qt::AlignCenter, tr("Starts with the first training step"));
    return;
  }

  const int n = static_cast<int>(kl_.size());
  const double slot = chart.width() / n;
  for (int i = 0; i < n; ++i) {
    const double value = kl_[order_[i]];
    const bool active = active_[order_[i]];
    const QRectF bar = barRect(i);
    p.fillRect(bar, active ? kActiveColor : kInactiveColor);
    if (slot >= kValueLabelFromPx && active) {
      p.setPen(textColor);
      p.drawText(QRectF(bar.left() - 4, bar.top() - fm.height() - 1, bar.width() + 8, fm.height()),
                 Qt::AlignHCenter | Qt::AlignBottom, formatNats(value));
    }
  }

  // Dimension index under the bars; every k-th one when they do not all fit.
  p.setPen(textColor);
  const double labelPx = fm.horizontalAdvance(QString::number(n - 1)) + 6;
  const int stride = labelStride(slot, labelPx);
  for (int i = 0; i < n; i += stride) {
    const double cx = chart.left() + (i + 0.5) * slot;
    p.drawLine(QPointF(cx, chart.bottom()), QPointF(cx, chart.bottom() + 3));
    p.drawText(QRectF(cx - labelPx, chart.bottom() + 3, 2 * labelPx, fm.height()), Qt::AlignHCenter | Qt::AlignTop,
               QString::number(order_[i]));
  }
  p.setPen(palette().color(QPalette::PlaceholderText));
  p.drawText(QRectF(chart.left(), chart.bottom() + 3 + fm.height(), chart.width(), fm.height()),
             Qt::AlignHCenter | Qt::AlignTop,
             shownAxisCaption(fm, chart.width()));
}

QString KlBars::axisCaption() const {
  if (codeSpread_)
    return sorted_ ? tr("latent dimension (sorted by code sd, grey: codes barely vary)")
                   : tr("latent dimension (grey: codes barely vary)");
  return sorted_ ? tr("latent dimension (sorted by KL, grey: inactive)") : tr("latent dimension (grey: inactive)");
}

QString KlBars::shownAxisCaption(const QFontMetrics& metrics, double room) const {
  const QString full = axisCaption();
  if (metrics.horizontalAdvance(full) <= room) return full;
  return metrics.elidedText(tr("latent dimension"), Qt::ElideRight, static_cast<int>(room));
}

bool KlBars::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int bar = barAt(help->pos());
    const QFontMetrics fm(font());
    if (bar >= 0) {
      const int d = order_[bar];
      QToolTip::showText(help->globalPos(),
                         codeSpread_ ? tr("dimension %1: codes spread with sd %2%3")
                                           .arg(d)
                                           .arg(formatNats(kl_[d]))
                                           .arg(active_[d] ? QString() : tr(" (barely varies: the decoder gets a constant)"))
                         : active_[d] ? tr("dimension %1: %2 nats").arg(d).arg(formatNats(kl_[d]))
                                    : tr("dimension %1: %2 nats (inactive: the decoder ignores it)")
                                          .arg(d)
                                          .arg(kl_[d], 0, 'g', 3),
                         this);
    } else if (help->pos().y() < kMargin + fm.height()) {
      QToolTip::showText(help->globalPos(), titleText(), this);  // the title may be shortened
    } else {
      QToolTip::hideText();
    }
    return true;
  }
  return QWidget::event(event);
}

}  // namespace vae
