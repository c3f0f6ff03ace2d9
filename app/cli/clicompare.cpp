// vae-studio compare: 2-4 runs side by side (issue 18), as files: loss curves, prior samples, decoded grids,
// test-code scatters, interpolations, and the table of held-out scores.
#include "app/cli/clicommon.h"
#include "app/export/comparer.h"
#include "model/checkpoint.h"

#include <QCommandLineParser>

#include <cstdio>
#include <iostream>

namespace vae {

namespace {

QVector<CompareRun> loadRuns(const QStringList& paths) {
  if (paths.size() < Comparer::kMinRuns || paths.size() > Comparer::kMaxRuns)
    throw CliError("compare takes " + std::to_string(Comparer::kMinRuns) + " to " + std::to_string(Comparer::kMaxRuns) +
                   " runs, got " + std::to_string(paths.size()));
  QVector<CompareRun> runs;
  for (const QString& path : paths) runs << loadCompareRun(path);  // CheckpointError names the file: exit 2
  QStringList names;
  for (const CompareRun& run : runs) names << run.name;
  names = distinctRunNames(names);
  for (int i = 0; i < runs.size(); ++i) runs[i].name = names[i];
  return runs;
}

int compareCommand(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Compares 2-4 runs (say a plain autoencoder and a VAE) on the same data. The format follows --out's suffix.\n"
      "WHAT and its formats (defaults in brackets):\n"
      "  curves         .png .pdf  held-out reconstruction and -ELBO per epoch, one colour per run\n"
      "  samples        .png  N x N prior samples z ~ N(0,I), the same seed for every run [--n 4 --seed 0]\n"
      "  grid           .png  decoded grid over the same two dims [--axes 0,1 --n 8 --span 3]\n"
      "  scatter        .png  test codes over the same two dims [--axes 0,1]\n"
      "  interpolation  .png  the same two test images interpolated in each model [test:0 -> test:1]\n"
      "  table          .csv .json  test reconstruction, KL, -ELBO, active units, aggregate-posterior KL"));
  parser.addHelpOption();
  parser.addPositionalArgument(QStringLiteral("RUN"), QStringLiteral("2 to 4 .vaestudio checkpoints."),
                               QStringLiteral("RUN1 RUN2 [RUN3 RUN4]"));
  parser.addOptions({
      {QStringLiteral("what"), QStringLiteral("What to compare (default table), see above."), QStringLiteral("WHAT")},
      {QStringLiteral("out"), QStringLiteral("File to write (required); its suffix picks the format."), QStringLiteral("FILE")},
      {QStringLiteral("data"), QStringLiteral("Dataset spec instead of the first run's."), QStringLiteral("SPEC")},
      {QStringLiteral("axes"), QStringLiteral("Grid and scatter: two dims (default 0,1)."), QStringLiteral("X,Y")},
      {QStringLiteral("n"), QStringLiteral("Samples / grid cells per side (default 4 / 8)."), QStringLiteral("N")},
      {QStringLiteral("span"), QStringLiteral("Grid half-width in prior sigmas (default 3)."), QStringLiteral("S")},
      {QStringLiteral("seed"), QStringLiteral("Samples: seed of z ~ N(0,I) (default 0)."), QStringLiteral("N")},
      {QStringLiteral("from"), QStringLiteral("Interpolation start (default test:0)."), QStringLiteral("A")},
      {QStringLiteral("to"), QStringLiteral("Interpolation end (default test:1)."), QStringLiteral("B")},
      {QStringLiteral("steps"), QStringLiteral("Interpolation images per run, 2..64 (default 10)."), QStringLiteral("N")},
      {QStringLiteral("scale"), QStringLiteral("Nearest-neighbour upscale 1..16 (default 2)."), QStringLiteral("K")},
      {QStringLiteral("json"), QStringLiteral("Print one JSON object describing what was written instead of text.")},
  });
  parseCliArguments(parser, args, Comparer::kMaxRuns);
  if (printHelpOrVersionIfRequested(parser, QStringLiteral("compare"))) return kExitOk;

  CompareOptions o;
  o.out = requiredOption(parser, QStringLiteral("out"));
  if (parser.isSet(QStringLiteral("what"))) {
    const QString what = parser.value(QStringLiteral("what"));
    const std::optional<CompareWhat> parsed = compareWhatFromName(what);
    if (!parsed)
      throw CliError("--what must be one of " + compareWhatNames().join(QStringLiteral(", ")).toStdString() +
                     ", got '" + what.toStdString() + "'");
    o.what = *parsed;
  }
  const int defaultN = o.what == CompareWhat::Samples ? o.samples : o.gridSize;
  const int n = static_cast<int>(integerOption(parser, QStringLiteral("n"), defaultN, 1, 30));
  (o.what == CompareWhat::Samples ? o.samples : o.gridSize) = n;
  if (parser.isSet(QStringLiteral("axes"))) o.axes = parser.value(QStringLiteral("axes"));
  o.span = numberOption(parser, QStringLiteral("span"), o.span, 0.0, true);
  o.seed = static_cast<uint64_t>(integerOption(parser, QStringLiteral("seed"), 0, 0));
  if (parser.isSet(QStringLiteral("from"))) o.from = parser.value(QStringLiteral("from"));
  if (parser.isSet(QStringLiteral("to"))) o.to = parser.value(QStringLiteral("to"));
  o.steps = static_cast<int>(integerOption(parser, QStringLiteral("steps"), o.steps, 2, 64));
  o.scale = static_cast<int>(integerOption(parser, QStringLiteral("scale"), o.scale, 1, 16));
  o.dataSpec = parser.value(QStringLiteral("data"));
  checkOutputPath(o.out);

  const QStringList paths = parser.positionalArguments();
  Comparer comparer(loadRuns(paths));
  comparer.setDatasetLoader([](const std::string& spec) { return loadDatasetForCli(QStringLiteral("compare"), spec); });
  const QString summary = comparer.run(o);
  if (parser.isSet(QStringLiteral("json"))) {
    nlohmann::ordered_json runs = nlohmann::ordered_json::array();
    for (const QString& path : paths) runs.push_back(path.toStdString());
    printJsonLine({{"command", "compare"},
                   {"runs", runs},
                   {"what", compareWhatName(o.what).toStdString()},
                   {"files", nlohmann::ordered_json::array({describeWrittenFile(o.out)})},
                   {"summary", summary.toStdString()}});
  } else {
    std::printf("%s\n", summary.toLocal8Bit().constData());
  }
  return kExitOk;
}

}  // namespace

int runCompareCommand(const QStringList& args) {
  return runCliCommand(QStringLiteral("compare"), [&] {
    try {
      return compareCommand(args);
    } catch (const ExportError& e) {
      throw CliError(e.what());  // a run that does not fit the data, a bad option, an unwritable file: exit 2
    }
  });
}

}  // namespace vae
