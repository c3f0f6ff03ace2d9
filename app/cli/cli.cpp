#include "app/cli/cli.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFileInfo>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "app/cli/clicommon.h"

namespace vae {

namespace {

const CliCommand* findCommand(const std::vector<CliCommand>& commands, const char* name) {
  for (const CliCommand& c : commands)
    if (std::strcmp(c.name, name) == 0) return &c;
  return nullptr;
}

bool isTopLevelFlag(const QString& arg) {
  return arg == QLatin1String("--help") || arg == QLatin1String("-h") || arg == QLatin1String("--version") ||
         arg == QLatin1String("help");
}

void printTopLevelHelp(const std::vector<CliCommand>& commands) {
  std::cout << "Usage: vae-studio                      open the GUI\n"
               "       vae-studio COMMAND [options]      run headless\n"
               "\n"
               "Train a variational autoencoder and explore its latent space.\n"
               "\n"
               "Commands:\n";
  for (const CliCommand& c : commands) {
    std::string name = c.name;
    name.resize(8, ' ');
    std::cout << "  " << name << c.summary << "\n";
  }
  std::cout << "\n"
               "Run 'vae-studio COMMAND --help' for a command's options; every command takes --version.\n"
               "Results (text, JSON, the files written) go to stdout; progress and messages to stderr.\n"
               "Exit codes: 0 success, 1 internal error, 2 bad arguments or input file, 130 interrupted.\n"
            << std::flush;
}

bool needsWidgets(const std::vector<CliCommand>& commands, int argc, char** argv) {
  const CliCommand* command = argc >= 2 ? findCommand(commands, argv[1]) : nullptr;
  return command && command->needsWidgets && command->needsWidgets(argc, argv);
}

// Export draws text and plots whatever its arguments.
bool always(int, char**) { return true; }

bool hasEnv(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && value[0] != '\0';
}

// Qt platform chatter that says nothing about the command's work would break its promise of one line on
// stderr per problem: offscreen rendering for an export on a server is the normal case, not a warning.
QtMessageHandler gQtHandler = nullptr;  // the handler quietQtNoise passes everything else on to

void quietQtNoise(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set")) ||
      message.startsWith(QLatin1String("This plugin does not support propagateSizeHints")))
    return;
  if (gQtHandler)
    gQtHandler(type, context, message);
  else
    std::cerr << qPrintable(qFormatLogMessage(type, context, message)) << std::endl;
}

}  // namespace

std::vector<CliCommand> headlessCommands() {
  return {
      {"train", "train a VAE on a dataset and save a resumable .vaestudio checkpoint", runTrainCommand},
      {"sample", "decode prior samples z ~ N(0,I) of a checkpoint into a PNG grid", runSampleCommand},
      {"info", "describe a checkpoint, a dataset spec or this machine (--system)", runInfoCommand},
      {"export", "export images, GIFs, CSVs, plots, PyTorch weights or presets from a checkpoint", runExportCommand,
       always},
      {"compare", "compare 2-4 runs side by side (curves, samples, grids, scatters, interpolations, a table)",
       runCompareCommand, always},
      {"eval", "estimate -log p(x) of a VAE on its test images (importance-weighted, IWAE) beside the -ELBO",
       runEvalCommand},
  };
}

int runCliMain(const std::vector<CliCommand>& commands, int argc, char** argv) {
  if (!needsWidgets(commands, argc, argv)) {
    QCoreApplication app(argc, argv);
    return runCli(commands, QCoreApplication::arguments());
  }
  // A benchmark on a server or in CI should still run: without a display Qt would abort, while the
  // offscreen platform renders the same widgets into memory.
  const bool exporting = std::strcmp(argv[1], "export") == 0 || std::strcmp(argv[1], "compare") == 0;
  if (!hasEnv("QT_QPA_PLATFORM") && (exporting || (!hasEnv("DISPLAY") && !hasEnv("WAYLAND_DISPLAY")))) {
    // An export never shows a window: offscreen renders the same pixels without needing a display.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    if (!exporting)
      std::cerr << "vae-studio " << argv[1] << ": no display found, using QT_QPA_PLATFORM=offscreen" << std::endl;
  }
  gQtHandler = qInstallMessageHandler(quietQtNoise);  // one line per problem, for the benches too
  QApplication app(argc, argv);
  return runCli(commands, QCoreApplication::arguments());
}

bool isCliInvocation(const std::vector<CliCommand>& commands, int argc, char** argv) {
  if (argc < 2) return false;
  const QString first = QString::fromLocal8Bit(argv[1]);
  if (findCommand(commands, argv[1]) || isTopLevelFlag(first)) return true;
  // Options such as "-platform offscreen" and files to open belong to the GUI.
  return !first.startsWith(QLatin1Char('-')) && !QFileInfo::exists(first);
}

int runCli(const std::vector<CliCommand>& commands, const QStringList& args) {
  // Names and version come from main (setApplicationIdentity): the GUI's settings file is this one.
  const QString first = args.value(1);
  if (first == QLatin1String("--version")) {
    printVersion();
    return kExitOk;
  }
  if (isTopLevelFlag(first)) {
    printTopLevelHelp(commands);
    return kExitOk;
  }
  const CliCommand* command = findCommand(commands, first.toLocal8Bit().constData());
  if (!command) {
    std::string names;
    for (const CliCommand& c : commands) names += (names.empty() ? "" : ", ") + std::string(c.name);
    std::cerr << "vae-studio: unknown command '" << first.toStdString() << "' (commands: " << names
              << "; see vae-studio --help)" << std::endl;
    return kExitUsage;
  }
  // The sub-command parses "vae-studio <its options>", so QCommandLineParser sees a normal argv.
  QStringList rest = args;
  rest.removeAt(1);
  return command->run(rest);
}

}  // namespace vae
