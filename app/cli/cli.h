#pragma once

#include <QStringList>

#include <vector>

namespace vae {

// One sub-command of the binary. app/main.cpp owns the table: the headless commands of this layer plus
// `bench` (app/bench), so this library never links the GUI or the benchmarks.
struct CliCommand {
  const char* name;
  const char* summary;  // one line for the top-level --help
  int (*run)(const QStringList& args);
  // True when these arguments draw (plots, text) or open windows, so the command needs a QApplication;
  // nullptr: never.
  bool (*needsWidgets)(int argc, char** argv) = nullptr;
};

// train, sample, info, export and compare.
std::vector<CliCommand> headlessCommands();

// True when the command line asks for the headless CLI rather than the GUI: a known sub-command,
// a top-level --help / --version, or a bare word that is neither a sub-command nor an existing file
// (so a typo such as "vae-studio trian" gets an error instead of opening a window).
bool isCliInvocation(const std::vector<CliCommand>& commands, int argc, char** argv);

// Creates the application object the sub-command needs (a QApplication when it draws, else a
// QCoreApplication) and runs it through runCli(). Returns the exit code.
int runCliMain(const std::vector<CliCommand>& commands, int argc, char** argv);

// Dispatches to the sub-command named by args[1]; needs a QCoreApplication. Returns the exit code.
int runCli(const std::vector<CliCommand>& commands, const QStringList& args);

}  // namespace vae
