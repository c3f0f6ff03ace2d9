#include "app/core/explorestate.h"

#include <QSignalSpy>
#include <QtTest>

using vae::ExploreState;

namespace {
ExploreState::RangeLimits limits() { return {3.0, 0.5, 10.0}; }
}  // namespace

class TestExploreState : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aNewModelStartsAtThePriorMean() {
    ExploreState state(limits());
    QSignalSpy dims(&state, &ExploreState::dimensionsChanged);
    QSignalSpy z(&state, &ExploreState::zChanged);
    state.setDimensions(4);
    QCOMPARE(dims.count(), 1);
    QCOMPARE(z.count(), 1);
    QCOMPARE(state.z(), QVector<double>(4, 0.0));
    QCOMPARE(state.selectedDimension(), -1);
  }

  void valuesAreClampedToTheRange() {
    ExploreState state(limits());
    state.setDimensions(3);
    state.setZ({1.0, -5.0, 2.5});
    QCOMPARE(state.z(), (QVector<double>{1.0, -3.0, 2.5}));
    QSignalSpy z(&state, &ExploreState::zChanged);
    state.setZ({1.0, 2.0});  // the wrong length: ignored
    QCOMPARE(z.count(), 0);
    state.setValue(1, -3.0);  // unchanged: no signal
    QCOMPARE(z.count(), 0);
    state.setValue(1, 0.5);
    QCOMPARE(z.count(), 1);
  }

  void aNarrowerRangeClampsZAndAWideningSetKeepsItAsFound() {
    ExploreState state(limits());
    state.setDimensions(2);
    state.setZ({2.5, -1.0});
    QSignalSpy range(&state, &ExploreState::rangeChanged);
    QSignalSpy z(&state, &ExploreState::zChanged);
    state.setRange(1.0);
    QCOMPARE(range.count(), 1);
    QCOMPARE(z.count(), 1);
    QCOMPARE(state.z(), (QVector<double>{1.0, -1.0}));
    state.setZWidening({4.2, 0.0});  // an encoded image's mu beyond the range
    QCOMPARE(state.range(), 5.0);     // the next whole sigma
    QCOMPARE(state.z(), (QVector<double>{4.2, 0.0}));
    state.setZWidening({42.0, 0.0});
    QCOMPARE(state.range(), 10.0);  // never beyond the limit
    QCOMPARE(state.value(0), 10.0);
    state.setRange(100.0);
    QCOMPARE(state.range(), 10.0);
  }

  void theSelectedDimensionStaysInRange() {
    ExploreState state(limits());
    state.setDimensions(3);
    QSignalSpy selected(&state, &ExploreState::selectedDimensionChanged);
    state.setSelectedDimension(2);
    state.setSelectedDimension(7);  // no such dimension: none
    QCOMPARE(state.selectedDimension(), -1);
    QCOMPARE(selected.count(), 2);
  }

  void randomSamplesAreRepeatable() {
    ExploreState a(limits()), b(limits());
    a.setDimensions(8);
    b.setDimensions(8);
    a.randomize(7);
    b.randomize(7);
    QCOMPARE(a.z(), b.z());
    QVERIFY(a.z() != QVector<double>(8, 0.0));
    a.reset();
    QCOMPARE(a.z(), QVector<double>(8, 0.0));
  }
};

QTEST_MAIN(TestExploreState)
#include "test_explorestate.moc"
