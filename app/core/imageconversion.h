#pragma once

#include <QImage>
#include <QVector>

#include <torch/torch.h>

namespace vae {

// Tensor [C,H,W] float in [0,1] (C = 1 or 3) -> QImage (Format_Grayscale8 or Format_RGB888).
// Values outside [0,1] are clamped. Throws std::invalid_argument for any other shape.
QImage tensorToImage(const torch::Tensor& chw);

// Tensor [N,C,H,W] -> one QImage per row.
QVector<QImage> tensorToImages(const torch::Tensor& nchw);

// Images [begin, end) of a dataset, as shown on a page of the Dataset tab; an empty range gives none.
struct Dataset;
QVector<QImage> datasetImages(const Dataset& data, int64_t begin, int64_t end);

// A run's per-epoch progress images ([N,C,H,W] uint8, History::epochImages) as QImages.
QVector<QImage> epochImagesToQImages(const torch::Tensor& nchwBytes);

// QImage -> tensor [channels,height,width] float32 in [0,1]. The image is resized (ignoring its aspect
// ratio, smooth filtering) and converted to gray (channels = 1) or RGB (channels = 3); alpha is dropped.
// Throws std::invalid_argument for a null image or an unsupported channel count.
torch::Tensor imageToTensor(const QImage& image, int channels, int height, int width);

}  // namespace vae
