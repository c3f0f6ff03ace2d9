#pragma once

#include <QVector>

#include <torch/torch.h>

namespace vae {

// A tensor's values in row-major order as doubles: how per-dimension figures (KL, code mean and sd, mutual
// information, one code) leave LibTorch for the Qt side. Any dtype and layout; the tensor is not changed.
QVector<double> toDoubles(const torch::Tensor& t);

}  // namespace vae
