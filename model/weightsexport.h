#pragma once

#include "model/vae.h"
#include "model/vaeconfig.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace vae {

// Export of a model's weights for plain PyTorch: a state_dict file that `torch.load(path)` reads (no
// extra arguments, no VAE Studio code) and an architecture JSON beside it.

// True for the classic VAE of the PyTorch example (pytorch/examples vae/main.py): arch mlp with exactly one
// hidden layer (784-400-20 by default, any sizes allowed). Never a cvae (the example takes no class).
bool isClassicMlp(const VaeConfig& config);

// The state_dict entries in module order: for a classic MLP the example's names fc1, fc21, fc22, fc3, fc4
// (.weight/.bias), so `model.load_state_dict(torch.load(f))` works on that class; for every other
// architecture our own module names ("encoder.0.weight", "mu.bias", ...). Tensors are detached CPU float32
// contiguous copies, independent of the model.
std::vector<std::pair<std::string, torch::Tensor>> stateDictEntries(Vae& model);

// Writes the state_dict as torch::pickle_save of a c10::Dict<std::string, at::Tensor> (the zip format
// torch.save writes; Python gets a dict of tensors), atomically: temp file + fsync + rename.
// Throws std::runtime_error("PATH: reason") on failure and leaves an existing file intact.
void saveStateDict(Vae& model, const std::string& path);

// The architecture that goes beside the state_dict:
//   {"format":"vae-studio-weights","version":1,"config":<VaeConfig JSON>,"classic_mlp":bool,
//    "state_dict_file":<weightsFileName>,"parameters":[{"name":..,"shape":[..]},...],
//    "decoder_output":"logits","image":"sigmoid(logits) reshaped to [B,C,H,W]","python":"<program>"}
// "python" is a self-contained program that defines the model with torch.nn, loads weightsFileName
// (relative to the working directory) with load_state_dict (strict) and names it `model`; its
// model.decode(z) returns images in [0,1] (the classic MLP's as [B, C*H*W], like the example).
// For a plain autoencoder the class has no logvar head (fc22 for the classic MLP), model.encode(x) returns the
// deterministic code z and model.forward(x) returns (reconstruction, z).
// For a cvae the class is VaeStudioConditionalVae: model.encode(x, y) and model.decode(z, y) take the classes y
// (int64 [B]), appended as a one-hot as in VaeImpl.
// Throws std::logic_error for a layer type that has no Python translation here.
nlohmann::json architectureJson(Vae& model, const std::string& weightsFileName = "weights.pt");

// architectureJson written atomically (pretty-printed). Throws std::runtime_error("PATH: reason") on failure.
void saveArchitectureJson(Vae& model, const std::string& path, const std::string& weightsFileName = "weights.pt");

}  // namespace vae
