#include "app/core/imageconversion.h"

#include "model/dataset.h"

#include <algorithm>

#include <cstring>
#include <sstream>
#include <stdexcept>

namespace vae {

namespace {
std::string shapeOf(const torch::Tensor& t) {
  std::ostringstream out;
  out << t.sizes();
  return out.str();
}
}  // namespace

QImage tensorToImage(const torch::Tensor& chw) {
  if (!chw.defined() || chw.dim() != 3 || (chw.size(0) != 1 && chw.size(0) != 3))
    throw std::invalid_argument("tensorToImage: expected a [C,H,W] tensor with C = 1 or 3, got " +
                                (chw.defined() ? shapeOf(chw) : std::string("an undefined tensor")));
  const int channels = static_cast<int>(chw.size(0));
  const int height = static_cast<int>(chw.size(1));
  const int width = static_cast<int>(chw.size(2));

  // Round to the nearest byte; HWC order so each image row is one contiguous run of bytes.
  const torch::Tensor bytes = chw.detach()
                                  .to(torch::kCPU, torch::kFloat32)
                                  .clamp(0.0, 1.0)
                                  .mul(255.0)
                                  .round()
                                  .to(torch::kUInt8)
                                  .permute({1, 2, 0})
                                  .contiguous();
  QImage image(width, height, channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
  const uint8_t* src = bytes.data_ptr<uint8_t>();
  const size_t rowBytes = static_cast<size_t>(width) * channels;
  // QImage rows are 4-byte aligned, so copy row by row rather than in one block.
  for (int y = 0; y < height; ++y) std::memcpy(image.scanLine(y), src + y * rowBytes, rowBytes);
  return image;
}

QVector<QImage> tensorToImages(const torch::Tensor& nchw) {
  if (!nchw.defined() || nchw.dim() != 4)
    throw std::invalid_argument("tensorToImages: expected a [N,C,H,W] tensor, got " +
                                (nchw.defined() ? shapeOf(nchw) : std::string("an undefined tensor")));
  QVector<QImage> images;
  images.reserve(static_cast<int>(nchw.size(0)));
  for (int64_t i = 0; i < nchw.size(0); ++i) images.append(tensorToImage(nchw[i]));
  return images;
}

torch::Tensor imageToTensor(const QImage& image, int channels, int height, int width) {
  if (image.isNull()) throw std::invalid_argument("imageToTensor: the image is empty");
  if (channels != 1 && channels != 3)
    throw std::invalid_argument("imageToTensor: channels must be 1 or 3, got " + std::to_string(channels));
  if (height <= 0 || width <= 0)
    throw std::invalid_argument("imageToTensor: size must be positive, got " + std::to_string(height) + "x" +
                                std::to_string(width));

  QImage scaled = image.size() == QSize(width, height)
                      ? image
                      : image.scaled(width, height, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  scaled = scaled.convertToFormat(channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);

  auto hwc = torch::empty({height, width, channels}, torch::kUInt8);
  uint8_t* dst = hwc.data_ptr<uint8_t>();
  const size_t rowBytes = static_cast<size_t>(width) * channels;
  for (int y = 0; y < height; ++y) std::memcpy(dst + y * rowBytes, scaled.constScanLine(y), rowBytes);
  return hwc.permute({2, 0, 1}).to(torch::kFloat32).div_(255.0).contiguous();
}

QVector<QImage> datasetImages(const Dataset& data, int64_t begin, int64_t end) {
  begin = std::clamp<int64_t>(begin, 0, data.size());
  end = std::clamp<int64_t>(end, begin, data.size());
  if (begin == end) return {};
  return tensorToImages(data.floatImages(begin, end));
}

QVector<QImage> epochImagesToQImages(const torch::Tensor& nchwBytes) {
  return tensorToImages(pixelsToUnit(nchwBytes));
}

}  // namespace vae
