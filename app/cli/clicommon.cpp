#include "app/cli/clicommon.h"

#include <fcntl.h>
#include <unistd.h>

#include <c10/util/Exception.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "app/core/folderdataset.h"
#include "model/checkpoint.h"
#include "model/dataset.h"

namespace vae {


int runCliCommand(const QString& command, const std::function<int()>& body) {
  const std::string prefix = "vae-studio " + command.toStdString() + ": ";
  try {
    return body();
  } catch (const CliError& e) {
    std::cerr << prefix << firstLine(e.what()) << std::endl;
    return e.exitCode();
  } catch (const DatasetError& e) {
    // The message already starts with the file name, which says more than the sub-command.
    std::cerr << "vae-studio: " << firstLine(e.what()) << std::endl;
    return kExitUsage;
  } catch (const CheckpointError& e) {
    std::cerr << "vae-studio: " << firstLine(e.what()) << std::endl;
    return kExitUsage;
  } catch (const std::invalid_argument& e) {
    // Config validation (VaeConfig / TrainConfig / spec parsing) reports user errors this way.
    std::cerr << prefix << firstLine(e.what()) << std::endl;
    return kExitUsage;
  } catch (const c10::Error& e) {
    std::cerr << prefix << "internal error: " << firstLine(e.what_without_backtrace()) << std::endl;
    return kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << prefix << firstLine(e.what()) << std::endl;
    return kExitFailure;
  }
}

void parseCliArguments(QCommandLineParser& parser, const QStringList& args, int maxPositional) {
  // Here rather than in each command, so a new sub-command takes --version too.
  parser.addOption({QStringLiteral("version"), QStringLiteral("Displays version information.")});
  if (!parser.parse(args)) throw CliError(parser.errorText().toStdString());
  if (parser.positionalArguments().size() > maxPositional)
    throw CliError("unexpected argument '" + parser.positionalArguments().at(maxPositional).toStdString() +
                   "' (see --help)");
}

void printVersion() { std::cout << "vae-studio " << VAE_STUDIO_VERSION << std::endl; }

bool printHelpOrVersionIfRequested(const QCommandLineParser& parser, const QString& command) {
  if (parser.isSet(QStringLiteral("version"))) {
    printVersion();
    return true;
  }
  // --help-all would add Qt's GUI options, which mean nothing headless: both print the same text.
  if (!parser.isSet(QStringLiteral("help")) && !parser.isSet(QStringLiteral("help-all"))) return false;
  QString text = parser.helpText();
  // Qt names the executable in the usage line; the sub-command belongs there too.
  const int usageEnd = text.indexOf(QLatin1Char('\n'));
  const QString usage = text.left(usageEnd);
  const int optionsAt = usage.indexOf(QStringLiteral(" [options]"));
  if (text.startsWith(QStringLiteral("Usage: ")) && optionsAt > 0)
    text = QStringLiteral("Usage: vae-studio ") + command + usage.mid(optionsAt) + text.mid(usageEnd);
  std::cout << text.toStdString() << std::flush;
  return true;
}

QString requiredOption(const QCommandLineParser& parser, const QString& name) {
  const QString value = parser.value(name);
  if (!parser.isSet(name) || value.isEmpty()) throw CliError("--" + name.toStdString() + " is required");
  return value;
}

int64_t integerOption(const QCommandLineParser& parser, const QString& name, int64_t fallback, int64_t min,
                      int64_t max) {
  if (!parser.isSet(name)) return fallback;
  bool ok = false;
  const qlonglong v = parser.value(name).trimmed().toLongLong(&ok);
  if (!ok || v < min || v > max) {
    const std::string range = max == std::numeric_limits<int64_t>::max()
                                  ? ">= " + std::to_string(min)
                                  : "in " + std::to_string(min) + ".." + std::to_string(max);
    throw CliError("--" + name.toStdString() + " must be an integer " + range + ", got '" +
                   parser.value(name).toStdString() + "'");
  }
  return v;
}

double numberOption(const QCommandLineParser& parser, const QString& name, double fallback, double min,
                    bool minExclusive) {
  if (!parser.isSet(name)) return fallback;
  bool ok = false;
  const double v = parser.value(name).trimmed().toDouble(&ok);
  if (!ok || !std::isfinite(v) || v < min || (minExclusive && v == min)) {
    char bound[64];
    std::snprintf(bound, sizeof bound, "%s %g", minExclusive ? ">" : ">=", min);
    throw CliError("--" + name.toStdString() + " must be a number " + bound + ", got '" +
                   parser.value(name).toStdString() + "'");
  }
  return v;
}

void checkOutputPath(const QString& path) {
  const QFileInfo info(path);
  if (info.isDir()) throw CliError(path.toStdString() + " is a directory, expected a file name");
  const QFileInfo dir(info.absolutePath());
  if (!dir.isDir())
    throw CliError("cannot write " + path.toStdString() + ": directory " + dir.filePath().toStdString() +
                   " does not exist");
  if (!dir.isWritable())
    throw CliError("cannot write " + path.toStdString() + ": directory " + dir.filePath().toStdString() +
                   " is not writable");
}

void printJsonLine(const nlohmann::ordered_json& j) { std::cout << j.dump() << std::endl; }

bool progressIsLive() { return ::isatty(STDERR_FILENO) == 1; }

void clearProgressLine() {
  if (!progressIsLive()) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

namespace {
// Lines after the header of a CSV file, read in blocks (a codes CSV of a large training set is tens of MB).
int64_t csvDataRows(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return 0;
  constexpr qint64 kBlock = 1 << 20;
  int64_t lines = 0;
  while (!file.atEnd()) lines += file.read(kBlock).count('\n');
  return std::max<int64_t>(0, lines - 1);
}
}  // namespace

nlohmann::ordered_json describeWrittenFile(const QString& path) {
  const QFileInfo info(path);
  const std::string format = info.suffix().toLower().toStdString();
  nlohmann::ordered_json j = {{"path", path.toStdString()}, {"format", format}, {"bytes", info.size()}};
  if (format == "csv") {
    j["rows"] = csvDataRows(path);
    return j;
  }
  QImageReader reader(path);
  if (!reader.canRead()) return j;  // PDF, PyTorch weights, JSON
  const QSize size = reader.size();
  j["width"] = size.width();
  j["height"] = size.height();
  if (reader.format() == "gif") j["frames"] = reader.imageCount();
  return j;
}

std::string groupThousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

QuietStderr::QuietStderr() {
  std::cerr.flush();
  std::fflush(stderr);
  saved_ = ::dup(STDERR_FILENO);
  const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (saved_ >= 0 && null >= 0) ::dup2(null, STDERR_FILENO);
  if (null >= 0) ::close(null);
}

QuietStderr::~QuietStderr() {
  if (saved_ < 0) return;
  std::cerr.flush();
  std::fflush(stderr);
  ::dup2(saved_, STDERR_FILENO);
  ::close(saved_);
}

DatasetSplit loadDatasetForCli(const QString& command, const std::string& spec) {
  DatasetSplit data = [&] {
    const QuietStderr quiet;  // a broken image's decoder chatter; a failure is reported as one line
    return loadDatasetSpecWithFolders(spec);
  }();
  for (const std::string& line : data.warnings)
    std::cerr << "vae-studio " << command.toStdString() << ": warning: " << line << std::endl;
  return data;
}

namespace {
std::atomic<bool> gInterrupted{false};
std::atomic<void (*)()> gOnInterrupt{nullptr};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<void (*)()>::is_always_lock_free,
              "the signal handler may only touch lock-free atomics");

void onInterruptSignal(int) {
  // A second Ctrl-C means "now".
  if (gInterrupted.exchange(true)) _exit(kExitInterrupted);
  if (void (*callback)() = gOnInterrupt.load()) callback();
}
}  // namespace

InterruptGuard::InterruptGuard(void (*onFirst)()) {
  gInterrupted = false;
  gOnInterrupt = onFirst;
  struct sigaction action {};
  action.sa_handler = onInterruptSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &oldInt_);
  sigaction(SIGTERM, &action, &oldTerm_);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &oldInt_, nullptr);
  sigaction(SIGTERM, &oldTerm_, nullptr);
  gOnInterrupt = nullptr;
}

const std::atomic<bool>& InterruptGuard::flag() { return gInterrupted; }

}  // namespace vae
