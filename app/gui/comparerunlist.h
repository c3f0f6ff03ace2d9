#pragma once

#include <QColor>
#include <QString>
#include <QVector>
#include <QWidget>

class QGridLayout;
class QLabel;
class QPushButton;

namespace vae {

// The Compare tab's runs, one row each: the run's colour in the plot, its name and what it is, and a Remove
// button; Add Run… under them. It only shows and asks: ComparePanel owns the runs.
class CompareRunList : public QWidget {
  Q_OBJECT

 public:
  struct Entry {
    QString name;
    QString details;  // "VAE · 4-d latent · 3 epochs · /path/run.vaestudio"
    QColor colour;
    bool removable = true;  // the live run stays while it is the window's run
  };

  explicit CompareRunList(QWidget* parent = nullptr);

  void setEntries(const QVector<Entry>& entries);
  int count() const { return rows_.size(); }
  QPushButton* removeButton(int row) const;  // for tests; nullptr when out of range
  QPushButton* addButton() const { return addButton_; }
  void setAddEnabled(bool enabled, const QString& why);

 Q_SIGNALS:
  void removeRequested(int row);
  void addRequested();

 private:
  struct Row {
    QLabel* swatch = nullptr;
    QLabel* text = nullptr;
    QPushButton* remove = nullptr;
  };

  QGridLayout* grid_ = nullptr;
  QVector<Row> rows_;
  QLabel* empty_ = nullptr;
  QPushButton* addButton_ = nullptr;
};

}  // namespace vae
