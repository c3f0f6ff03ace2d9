// vae-studio export: everything the window shows, as files (PNG, GIF, CSV, PDF, PyTorch weights, JSON).
#include "app/cli/clicommon.h"
#include "app/export/exporter.h"
#include "model/checkpoint.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>
#include <iostream>

namespace vae {

namespace {

QVector<int> parseDims(const QString& text) {
  QVector<int> dims;
  for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    bool ok = false;
    const int d = part.trimmed().toInt(&ok);
    if (!ok) throw CliError("--dims: '" + part.toStdString() + "' is not a dimension number");
    dims << d;
  }
  return dims;
}

// What `export --json` prints: the request, every file written as it is on disk, and the text summary.
nlohmann::ordered_json exportJson(const ExportOptions& o, const QString& checkpointPath, const QString& summary) {
  nlohmann::ordered_json j = {{"command", "export"},
                              {"checkpoint", checkpointPath.toStdString()},
                              {"what", exportKindName(o.kind).toStdString()},
                              {"out", o.out.toStdString()}};
  if (o.kind == ExportKind::Samples) j["seed"] = o.seed;
  if (o.classIndex >= 0) j["class"] = o.classIndex;
  if (o.kind == ExportKind::Codes) j["split"] = o.split.toStdString();
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const QString& path : exportedFiles(o)) files.push_back(describeWrittenFile(path));
  j["files"] = files;
  j["summary"] = summary.toStdString();
  return j;
}

int exportCommand(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Exports what the window shows from a checkpoint. The format follows --out's suffix.\n"
      "WHAT and its formats (defaults in brackets):\n"
      "  image          .png  the decoded image of --z [z = 0]\n"
      "  grid           .png  N x N decoded grid over --axes [the two dims of highest KL], labelled\n"
      "  samples        .png  N x N prior samples [--seed 0]\n"
      "  traversal      .png .gif  each dim swept -span..+span [all dims sorted by KL]\n"
      "  interpolation  .png .gif  A -> B [test:0 -> test:1], --spherical for slerp\n"
      "  training-gif   .gif .png  the run's fixed z decoded after every epoch\n"
      "  history        .csv  step,epoch,total,recon,kl,beta,lr,test per step\n"
      "  codes          .csv  mu, log sigma^2 and label of every image [--split test]\n"
      "  plot           .png .pdf  the loss plot as in the window\n"
      "  weights        .pt   PyTorch state_dict (torch.load) + architecture .json beside it\n"
      "  presets        .json the Explore tab's slider presets [+ --z as --name]\n"
      "  mutual-information .csv .png  I(z_j; factor) in nats on the test images, rows = latent dims,\n"
      "                 columns = factors, then entropy, gap and mig rows (runs on shapes only)\n"
      "  class-grid     .png  cvae only: rows = the classes (named), columns = one traversal of --dim\n"
      "                       [the dim of highest KL] around --z over --steps [9] values in -span..+span,\n"
      "                       or --random: --steps random z ~ N(0,I) [--seed 0]; each column holds one z in\n"
      "                       every row, so a column is one style drawn as every class\n"
      "A cvae decodes image, grid, traversal and interpolation as class 0 and samples with row r as class\n"
      "r mod classes, unless --class N picks one class (refused for other model kinds)."));
  parser.addHelpOption();
  parser.addOptions({
      {QStringLiteral("checkpoint"), QStringLiteral("Trained run (required)."), QStringLiteral("RUN.vaestudio")},
      {QStringLiteral("what"), QStringLiteral("What to export (required), see above."), QStringLiteral("WHAT")},
      {QStringLiteral("out"), QStringLiteral("File to write (required); its suffix picks the format."), QStringLiteral("FILE")},
      {QStringLiteral("z"), QStringLiteral("Latent code, comma-separated (image; base of grid/traversal)."), QStringLiteral("Z")},
      {QStringLiteral("preset"), QStringLiteral("Take z from a presets file instead of --z."), QStringLiteral("FILE.json:NAME")},
      {QStringLiteral("scale"), QStringLiteral("Nearest-neighbour upscale 1..16 (default 4)."), QStringLiteral("K")},
      {QStringLiteral("axes"), QStringLiteral("Grid axes: two dims '3,5' or 'pca' (default: two highest-KL dims)."), QStringLiteral("AXES")},
      {QStringLiteral("n"), QStringLiteral("Grid / samples cells per side (default 10)."), QStringLiteral("N")},
      {QStringLiteral("span"), QStringLiteral("Half-width of grid and traversal in sigmas (default 3)."), QStringLiteral("S")},
      {QStringLiteral("no-labels"), QStringLiteral("No axis, row or frame labels.")},
      {QStringLiteral("seed"), QStringLiteral("Samples: seed of z ~ N(0,I) (default 0)."), QStringLiteral("N")},
      {QStringLiteral("dims"), QStringLiteral("Traversal: these dims, comma-separated."), QStringLiteral("LIST")},
      {QStringLiteral("top-k"), QStringLiteral("Traversal: the K dims of highest KL."), QStringLiteral("K")},
      {QStringLiteral("steps"), QStringLiteral("Traversal (9) / interpolation (10) steps, 2..64."), QStringLiteral("N")},
      {QStringLiteral("from"), QStringLiteral("Interpolation start: test:N, train:N, FILE.json:NAME or a z."), QStringLiteral("A")},
      {QStringLiteral("to"), QStringLiteral("Interpolation end (same forms)."), QStringLiteral("B")},
      {QStringLiteral("spherical"), QStringLiteral("Interpolation: slerp instead of lerp.")},
      {QStringLiteral("fps"), QStringLiteral("GIF frame rate (default 8)."), QStringLiteral("F")},
      {QStringLiteral("split"), QStringLiteral("Codes: test, train or all (default test)."), QStringLiteral("SPLIT")},
      {QStringLiteral("data"), QStringLiteral("Dataset spec instead of the checkpoint's own."), QStringLiteral("SPEC")},
      {QStringLiteral("name"), QStringLiteral("Presets: name of the --z preset (default 'exported')."), QStringLiteral("NAME")},
      {QStringLiteral("class"), QStringLiteral("cvae: decode as this class, 0..classes-1."), QStringLiteral("N")},
      {QStringLiteral("dim"), QStringLiteral("Class-grid: the dimension its columns traverse."), QStringLiteral("D")},
      {QStringLiteral("random"), QStringLiteral("Class-grid: columns of random z instead of a traversal.")},
      {QStringLiteral("json"), QStringLiteral("Print one JSON object describing what was written instead of text.")},
  });
  parseCliArguments(parser, args);
  if (printHelpOrVersionIfRequested(parser, QStringLiteral("export"))) return kExitOk;

  const QString checkpointPath = requiredOption(parser, QStringLiteral("checkpoint"));
  const QString what = requiredOption(parser, QStringLiteral("what"));
  ExportOptions o;
  o.out = requiredOption(parser, QStringLiteral("out"));
  const std::optional<ExportKind> kind = exportKindFromName(what);
  if (!kind)
    throw CliError("--what must be one of " + exportKindNames().join(QStringLiteral(", ")).toStdString() + ", got '" +
                   what.toStdString() + "'");
  o.kind = *kind;
  o.scale = static_cast<int>(integerOption(parser, QStringLiteral("scale"), o.scale, 1, 16));
  o.axes = parser.value(QStringLiteral("axes"));
  o.gridSize = static_cast<int>(integerOption(parser, QStringLiteral("n"), o.gridSize, 1, 30));
  o.span = numberOption(parser, QStringLiteral("span"), o.span, 0.0, true);
  o.labels = !parser.isSet(QStringLiteral("no-labels"));
  o.seed = static_cast<uint64_t>(integerOption(parser, QStringLiteral("seed"), 0, 0));
  if (parser.isSet(QStringLiteral("dims"))) o.dims = parseDims(parser.value(QStringLiteral("dims")));
  o.topK = static_cast<int>(integerOption(parser, QStringLiteral("top-k"), 0, 1, 256));
  o.steps = static_cast<int>(integerOption(parser, QStringLiteral("steps"), 0, 2, 64));
  if (parser.isSet(QStringLiteral("from"))) o.from = parser.value(QStringLiteral("from"));
  if (parser.isSet(QStringLiteral("to"))) o.to = parser.value(QStringLiteral("to"));
  o.spherical = parser.isSet(QStringLiteral("spherical"));
  o.fps = numberOption(parser, QStringLiteral("fps"), o.fps, 0.0, true);
  if (parser.isSet(QStringLiteral("split"))) o.split = parser.value(QStringLiteral("split"));
  o.dataSpec = parser.value(QStringLiteral("data"));
  if (parser.isSet(QStringLiteral("name"))) o.presetName = parser.value(QStringLiteral("name"));
  o.classIndex = static_cast<int>(integerOption(parser, QStringLiteral("class"), -1, 0, 999));
  if (parser.isSet(QStringLiteral("dim"))) {
    if (o.kind != ExportKind::ClassGrid) throw CliError("--dim is for class-grid (traversal takes --dims)");
    o.dims = {static_cast<int>(integerOption(parser, QStringLiteral("dim"), 0, 0, 255))};
  }
  o.random = parser.isSet(QStringLiteral("random"));
  if (o.random && o.kind != ExportKind::ClassGrid) throw CliError("--random is for class-grid");
  checkOutputPath(o.out);

  Exporter exporter(Checkpoint::load(checkpointPath.toStdString()));
  exporter.setDatasetLoader([](const std::string& spec) { return loadDatasetForCli(QStringLiteral("export"), spec); });
  if (parser.isSet(QStringLiteral("z"))) o.z = exporter.parseZ(parser.value(QStringLiteral("z")));
  if (parser.isSet(QStringLiteral("preset"))) {
    const QString preset = parser.value(QStringLiteral("preset"));
    if (!preset.contains(QLatin1String(".json:"), Qt::CaseInsensitive))
      throw CliError("--preset must be FILE.json:NAME, got '" + preset.toStdString() + "'");
    o.z = exporter.codeOf(o, preset);
  }

  InterruptGuard interruptGuard;  // Ctrl-C cancels between batches; nothing half-written is left
  const bool live = progressIsLive();
  ExportHooks hooks;
  hooks.cancelled = &InterruptGuard::flag();
  hooks.progress = [live](int64_t done, int64_t total) {
    if (live) std::fprintf(stderr, "\r  %lld / %lld", static_cast<long long>(done), static_cast<long long>(total));
  };
  QString summary;
  try {
    summary = exporter.run(o, hooks);
  } catch (const ExportError& e) {
    clearProgressLine();
    if (InterruptGuard::interrupted()) {
      std::cerr << "vae-studio export: interrupted; nothing written" << std::endl;
      return kExitInterrupted;
    }
    throw CliError(e.what());
  }
  clearProgressLine();
  if (parser.isSet(QStringLiteral("json")))
    printJsonLine(exportJson(o, checkpointPath, summary));
  else
    std::printf("%s\n", summary.toLocal8Bit().constData());
  return kExitOk;
}

}  // namespace

int runExportCommand(const QStringList& args) {
  return runCliCommand(QStringLiteral("export"), [&] {
    try {
      return exportCommand(args);
    } catch (const ExportError& e) {
      throw CliError(e.what());  // bad z, unknown dim, unwritable file: the user's to fix, exit 2
    }
  });
}

}  // namespace vae
