#pragma once

// Facts that more than one layer needs, each stated once (the CLI, the window, the exporter and the benches read
// them from here).
namespace vae {

// DESIGN.md "Threads": training takes every core but one, which stays for the GUI (or the shell).
int trainingThreadCount();

// Frames of a latent traversal (a slider's -range..+range) in the explorer and in exports.
inline constexpr int kTraversalSteps = 9;
// Frames of an interpolation between two codes, in the explorer and in exports.
inline constexpr int kInterpolationSteps = 10;
// The explorer's interpolation strip: 3..32 frames fit its row.
inline constexpr int kMinInterpolationSteps = 3;
inline constexpr int kMaxInterpolationSteps = 32;
// An exported traversal or interpolation: 2..64 frames (a GIF of 64 frames is already ~1 MB at 256 px).
inline constexpr int kMaxExportSteps = 64;

// Continuing a run that has trained all its epochs: this many more, unless the user says otherwise.
inline constexpr int kMoreEpochs = 10;

}  // namespace vae
