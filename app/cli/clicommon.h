#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <atomic>
#include <csignal>
#include <cstdint>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>

#include "model/errortext.h"  // firstLine: every command prints one line per problem
#include <stdexcept>
#include <string>

namespace vae {

// Exit codes of every sub-command, so scripts can tell a typo from a crash from a Ctrl-C.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;        // an unexpected internal error (a bug, or out of memory)
inline constexpr int kExitUsage = 2;          // bad arguments, or a bad / missing / unwritable file
inline constexpr int kExitInterrupted = 130;  // 128 + SIGINT, what shells report for Ctrl-C

// A problem the user can fix on the command line. what() is the message without the
// "vae-studio CMD: " prefix, which runCliCommand() adds.
class CliError : public std::runtime_error {
 public:
  explicit CliError(const std::string& message, int exitCode = kExitUsage)
      : std::runtime_error(message), exitCode_(exitCode) {}
  int exitCode() const { return exitCode_; }

 private:
  int exitCode_;
};

// Runs one sub-command's body and turns every exception into one line on stderr and an exit code:
// file problems (DatasetError, CheckpointError) as "vae-studio: FILE: problem", argument problems as
// "vae-studio CMD: problem". Nothing escapes, so no half-finished output is left behind by a throw.
int runCliCommand(const QString& command, const std::function<int()>& body);

// Parses args (args[0] is the program name) with a --help option already added by the caller; adds
// --version itself, so every sub-command takes it. Throws CliError for unknown options, missing values or
// more positional arguments than maxPositional.
void parseCliArguments(QCommandLineParser& parser, const QStringList& args, int maxPositional = 0);
// When --help was given: prints the sub-command's help (with a "Usage: vae-studio CMD ..." line); when
// --version was: prints printVersion()'s line. Returns true then, and the command exits with kExitOk.
bool printHelpOrVersionIfRequested(const QCommandLineParser& parser, const QString& command);
// "vae-studio 1.2.3" on stdout: the top-level --version and every sub-command's.
void printVersion();

// Typed option values; all throw CliError naming the option ("--latent must be an integer in 2..256").
QString requiredOption(const QCommandLineParser& parser, const QString& name);
int64_t integerOption(const QCommandLineParser& parser, const QString& name, int64_t fallback, int64_t min,
                      int64_t max = std::numeric_limits<int64_t>::max());
// A finite number >= min (or > min when minExclusive).
double numberOption(const QCommandLineParser& parser, const QString& name, double fallback, double min,
                    bool minExclusive);

// Refuses an output path whose directory does not exist or is not writable, before any work starts.
void checkOutputPath(const QString& path);

// One JSON object per line on stdout, flushed, so a pipe reader sees each line as it happens.
// Keys keep the order they are written in, which reads better than alphabetical.
void printJsonLine(const nlohmann::ordered_json& j);
// Progress and human chatter go to stderr, results (JSON, CSV, the paths written) to stdout, so
// `vae-studio CMD ... > result` and pipes keep only results. A live progress line is drawn (with \r) only
// when stderr is a terminal; clearProgressLine() erases it before anything else is printed.
bool progressIsLive();
void clearProgressLine();

// {"path", "bytes"} of a file just written, plus what its header says: "width", "height" (and "frames"
// for a GIF) for images, "rows" (data rows, header excluded) for CSV. For `sample --json` / `export --json`.
nlohmann::ordered_json describeWrittenFile(const QString& path);

// "12,345": thousands separators for counts read by people.
std::string groupThousands(int64_t n);

// While alive, whatever is written to stderr (fd 2) goes to /dev/null. Image decoders (libpng) print their
// complaints about a broken file straight to stderr, which would break the one-line-per-problem promise;
// the command reports the failure itself, as one line, once this is gone. Only for single-threaded stretches.
class QuietStderr {
 public:
  QuietStderr();
  ~QuietStderr();
  QuietStderr(const QuietStderr&) = delete;
  QuietStderr& operator=(const QuietStderr&) = delete;

 private:
  int saved_ = -1;
};

// Ctrl-C / SIGTERM for the lifetime of a long command (training, a long export): the first signal sets
// interrupted() and calls onFirst (which must be async-signal-safe: store atomics only); a second one
// exits at once with kExitInterrupted — files on disk are intact because every save is atomic.
class InterruptGuard {
 public:
  explicit InterruptGuard(void (*onFirst)() = nullptr);
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  // The flag itself, for code that polls it (ExportHooks::cancelled).
  static const std::atomic<bool>& flag();
  static bool interrupted() { return flag().load(); }

 private:
  struct sigaction oldInt_ {};
  struct sigaction oldTerm_ {};
};

// A dataset spec (any loadDatasetSpecWithFolders spec) loaded with decoders' chatter silenced (QuietStderr);
// its warning lines (files skipped, files ignored) then go to stderr, "vae-studio CMD: warning: LINE" each.
struct DatasetSplit;
DatasetSplit loadDatasetForCli(const QString& command, const std::string& spec);

// The sub-commands. args[0] is the program name, args[1..] the sub-command's own arguments.
int runTrainCommand(const QStringList& args);
int runSampleCommand(const QStringList& args);
int runInfoCommand(const QStringList& args);
int runExportCommand(const QStringList& args);
int runCompareCommand(const QStringList& args);
int runEvalCommand(const QStringList& args);

}  // namespace vae
