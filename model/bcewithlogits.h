#pragma once

#include <torch/torch.h>

namespace vae {

// sum(max(l,0) - l*x + log1p(exp(-|l|))): binary cross-entropy from logits, summed over every element, as
// LibTorch's binary_cross_entropy_with_logits(..., Reduction::Sum). For contiguous float32 CPU tensors it runs
// as one vectorised pass that also keeps the gradient sigmoid(l) - x, so backward is a single multiply: the
// ATen version makes several passes forward and more backward (~11% of a classic-MLP training step, measured
// by `bench`'s step breakdown). Anything else (double, another layout) goes to ATen's version.
// Differentiable in the logits only (targets are data). NaN or infinite logits give a NaN or infinite sum.
torch::Tensor bceWithLogitsSum(const torch::Tensor& logits, const torch::Tensor& target);

// The same cross-entropy summed per row, without autograd, for many decodes of each image (importance sampling):
// logits [M*S, D...] against target [M, D...], row r of the logits scored against target row r / S. Returns [M*S].
// The target is never copied S times; contiguous float32 runs as one vectorised pass, anything else through ATen.
torch::Tensor bceWithLogitsRowSums(const torch::Tensor& logits, const torch::Tensor& target);

}  // namespace vae
