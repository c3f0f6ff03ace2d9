#include "model/weightsexport.h"

#include "model/atomicfile.h"

#include <sstream>
#include <stdexcept>

namespace vae {

namespace nn = torch::nn;

namespace {

// Identifies the exported JSON; bump kFormatVersion when a key changes meaning.
const char* const kFormatName = "vae-studio-weights";
constexpr int kFormatVersion = 1;

// Our module prefix -> the classic example's layer name. The MLP encoder starts with a Flatten, so its one
// Linear is "encoder.1"; the decoder is Linear, ReLU, Linear.
constexpr std::pair<const char*, const char*> kClassicNames[] = {
    {"encoder.1", "fc1"}, {"mu", "fc21"}, {"logvar", "fc22"}, {"decoder.0", "fc3"}, {"decoder.2", "fc4"}};

std::string classicName(const std::string& ours) {
  const size_t dot = ours.rfind('.');
  for (const auto& [prefix, classic] : kClassicNames)
    if (dot != std::string::npos && ours.compare(0, dot, prefix) == 0) return classic + ours.substr(dot);
  throw std::logic_error("classic MLP export: unexpected parameter " + ours);
}

torch::Tensor exportCopy(const torch::Tensor& t) {
  // A fresh contiguous float32 CPU copy: its storage holds exactly this tensor and nothing of the model.
  return t.detach().to(torch::kCPU, torch::kFloat).clone(torch::MemoryFormat::Contiguous);
}

template <size_t D>
bool allEqual(const torch::ExpandingArray<D>& a, int64_t value) {
  for (int64_t v : *a)
    if (v != value) return false;
  return true;
}

// Python literals for the generated program ------------------------------------------------------------

// A JSON string literal is a valid Python string literal (same escapes).
std::string pyString(const std::string& s) { return nlohmann::json(s).dump(); }

std::string pyTuple(c10::ArrayRef<int64_t> values) {
  std::ostringstream out;
  out << '(';
  for (size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
  out << (values.size() == 1 ? ",)" : ")");
  return out.str();
}

// kernel_size=4 rather than (4, 4) when all sides agree, as one writes it by hand.
template <size_t D>
std::string pyArray(const torch::ExpandingArray<D>& a) {
  for (size_t i = 1; i < D; ++i)
    if ((*a)[i] != (*a)[0]) return pyTuple(*a);
  return std::to_string((*a)[0]);
}

template <size_t D>
std::string pyConv(const char* pyClass, const nn::detail::ConvNdOptions<D>& o) {
  if (!c10::get_if<torch::enumtype::kZeros>(&o.padding_mode()))
    throw std::logic_error(std::string(pyClass) + ": only zero padding has a Python translation here");
  std::ostringstream out;
  out << "nn." << pyClass << '(' << o.in_channels() << ", " << o.out_channels() << ", " << pyArray(o.kernel_size());
  out << ", stride=" << pyArray(o.stride());
  if (const auto* pad = c10::get_if<torch::ExpandingArray<D>>(&o.padding()))
    out << ", padding=" << pyArray(*pad);
  else
    out << ", padding=" << (c10::get_if<torch::enumtype::kSame>(&o.padding()) ? "'same'" : "'valid'");
  // Arguments at their Python defaults are left out.
  if (o.transposed() && !allEqual(o.output_padding(), 0)) out << ", output_padding=" << pyArray(o.output_padding());
  if (o.groups() != 1) out << ", groups=" << o.groups();
  if (!o.bias()) out << ", bias=False";
  if (!allEqual(o.dilation(), 1)) out << ", dilation=" << pyArray(o.dilation());
  out << ')';
  return out.str();
}

// One layer as a torch.nn constructor call.
std::string pyLayer(const nn::Module& m) {
  if (const auto* l = dynamic_cast<const nn::LinearImpl*>(&m))
    return "nn.Linear(" + std::to_string(l->options.in_features()) + ", " +
           std::to_string(l->options.out_features()) + (l->options.bias() ? ")" : ", bias=False)");
  if (dynamic_cast<const nn::ReLUImpl*>(&m)) return "nn.ReLU()";
  if (const auto* f = dynamic_cast<const nn::FlattenImpl*>(&m))
    return "nn.Flatten(" + std::to_string(f->options.start_dim()) + ", " + std::to_string(f->options.end_dim()) + ")";
  if (const auto* u = dynamic_cast<const nn::UnflattenImpl*>(&m)) {
    if (!u->options.dimname().empty()) throw std::logic_error("named Unflatten has no Python translation here");
    return "nn.Unflatten(" + std::to_string(u->options.dim()) + ", " + pyTuple(u->options.sizes()) + ")";
  }
  if (const auto* c = dynamic_cast<const nn::Conv2dImpl*>(&m)) return pyConv("Conv2d", c->options);
  if (const auto* c = dynamic_cast<const nn::ConvTranspose2dImpl*>(&m)) return pyConv("ConvTranspose2d", c->options);
  throw std::logic_error("no Python translation for layer " + m.name());
}

// `self.NAME = ...` for each of the model's direct children, Sequentials spelled out layer by layer so that
// parameter names ("decoder.2.weight") come out as in our state_dict.
std::string pyModules(Vae& model) {
  std::ostringstream out;
  for (const auto& child : model->named_children()) {
    out << "        self." << child.key() << " = ";
    if (const auto* seq = dynamic_cast<const nn::SequentialImpl*>(child.value().get())) {
      out << "nn.Sequential(\n";
      for (const auto& layer : seq->children()) out << "            " << pyLayer(*layer) << ",\n";
      out << "        )\n";
    } else {
      out << pyLayer(*child.value()) << '\n';
    }
  }
  return out.str();
}

std::string classicProgram(const VaeConfig& c, const std::string& weightsFile) {
  std::ostringstream out;
  out << "# The VAE of pytorch/examples (vae/main.py); this state_dict uses its parameter names.\n"
         "import torch\n"
         "from torch import nn\n"
         "import torch.nn.functional as F\n\n"
         "class VAE(nn.Module):\n"
         "    def __init__(self, d, h, l):\n"
         "        super().__init__()\n"
         "        self.fc1 = nn.Linear(d, h)\n"
         "        self.fc21 = nn.Linear(h, l)\n"
         "        self.fc22 = nn.Linear(h, l)\n"
         "        self.fc3 = nn.Linear(l, h)\n"
         "        self.fc4 = nn.Linear(h, d)\n\n"
         "    def encode(self, x):\n"
         "        h1 = F.relu(self.fc1(x))\n"
         "        return self.fc21(h1), self.fc22(h1)\n\n"
         "    def decode(self, z):\n"
         "        h3 = F.relu(self.fc3(z))\n"
         "        return torch.sigmoid(self.fc4(h3))\n\n"
      << "model = VAE(" << c.imageNumel() << ", " << c.hiddenSizes.at(0) << ", " << c.latentDim << ")\n"
      << "model.load_state_dict(torch.load(" << pyString(weightsFile) << "))\n"
      << "# Images: model.decode(z).view(-1, " << c.channels << ", " << c.height << ", " << c.width
      << ") for z of shape [B, " << c.latentDim << "]; encode takes x.view(-1, " << c.imageNumel() << ").\n";
  return out.str();
}

// The classic MLP as a plain autoencoder: the example's layers and names without fc22 (no logvar head).
std::string classicAutoencoderProgram(const VaeConfig& c, const std::string& weightsFile) {
  std::ostringstream out;
  out << "# The VAE of pytorch/examples (vae/main.py) as a plain autoencoder: no fc22 (logvar) head, the code\n"
         "# z = fc21(relu(fc1(x))) is deterministic. This state_dict uses the example's parameter names.\n"
         "import torch\n"
         "from torch import nn\n"
         "import torch.nn.functional as F\n\n"
         "class Autoencoder(nn.Module):\n"
         "    def __init__(self, d, h, l):\n"
         "        super().__init__()\n"
         "        self.fc1 = nn.Linear(d, h)\n"
         "        self.fc21 = nn.Linear(h, l)\n"
         "        self.fc3 = nn.Linear(l, h)\n"
         "        self.fc4 = nn.Linear(h, d)\n\n"
         "    def encode(self, x):  # x [B, C*H*W] -> the code z [B, L]\n"
         "        return self.fc21(F.relu(self.fc1(x)))\n\n"
         "    def decode(self, z):\n"
         "        h3 = F.relu(self.fc3(z))\n"
         "        return torch.sigmoid(self.fc4(h3))\n\n"
         "    def forward(self, x):  # -> (reconstruction, the deterministic code z)\n"
         "        z = self.encode(x)\n"
         "        return self.decode(z), z\n\n"
      << "model = Autoencoder(" << c.imageNumel() << ", " << c.hiddenSizes.at(0) << ", " << c.latentDim << ")\n"
      << "model.load_state_dict(torch.load(" << pyString(weightsFile) << "))\n"
      << "# Images: model.decode(z).view(-1, " << c.channels << ", " << c.height << ", " << c.width
      << ") for z of shape [B, " << c.latentDim << "]; encode takes x.view(-1, " << c.imageNumel() << ").\n";
  return out.str();
}

// A cvae's program: the label y (int64 [B]) enters as a one-hot after the encoder body and beside z.
std::string conditionalMethods(const VaeConfig& c) {
  std::ostringstream out;
  out << "    def condition(self, h, y):  # h [B, F], y int64 [B] in 0.." << c.classCount - 1
      << " -> [B, F + " << c.classCount << "]\n"
         "        return torch.cat([h, F.one_hot(y, " << c.classCount << ").to(h.dtype)], dim=1)\n\n"
         "    def encode(self, x, y):  # x [B, C, H, W] in [0, 1], y the classes -> (mu, logvar)\n"
         "        h = self.condition(self.encoder(x), y)\n"
         "        return self.mu(h), self.logvar(h)\n\n"
         "    def decode(self, z, y):  # z [B, L], y the classes -> images [B, C, H, W] in [0, 1]\n"
         "        return torch.sigmoid(self.decoder(self.condition(z, y)).view(-1, "
      << c.channels << ", " << c.height << ", " << c.width << "))\n\n";
  return out.str();
}

// encode/forward of the general program: a VAE's (mu, logvar), an autoencoder's deterministic code.
std::string generalEncode(const VaeConfig& c) {
  if (c.isAutoencoder())
    return "    def encode(self, x):  # x [B, C, H, W] in [0, 1] -> the code z [B, L] (no logvar head)\n"
           "        return self.mu(self.encoder(x))\n\n"
           "    def forward(self, x):  # -> (reconstruction [B, C, H, W], the deterministic code z)\n"
           "        z = self.encode(x)\n"
           "        return self.decode(z), z\n\n";
  return "    def encode(self, x):  # x [B, C, H, W] in [0, 1] -> (mu, logvar)\n"
         "        h = self.encoder(x)\n"
         "        return self.mu(h), self.logvar(h)\n\n";
}

std::string generalProgram(Vae& model, const std::string& weightsFile) {
  const VaeConfig& c = model->config();
  std::ostringstream out;
  const char* className = c.isConditional()   ? "VaeStudioConditionalVae"
                          : c.isAutoencoder() ? "VaeStudioAutoencoder"
                                              : "VaeStudioVae";
  const char* kindName = c.isConditional() ? " conditional VAE" : c.isAutoencoder() ? " autoencoder" : " VAE";
  out << "# VAE Studio's " << toString(c.architecture) << kindName << "; module names match this state_dict.\n"
      << "import torch\n"
         "from torch import nn\n"
      << (c.isConditional() ? "import torch.nn.functional as F\n" : "") << "\n"
      << "class " << className << "(nn.Module):\n"
         "    def __init__(self):\n"
         "        super().__init__()\n"
      << pyModules(model) << "\n";
  if (c.isConditional()) {
    out << conditionalMethods(c);
  } else {
    out << generalEncode(c) << "    def decode(self, z):  # z [B, L] -> images [B, C, H, W] in [0, 1]\n"
        << "        return torch.sigmoid(self.decoder(z).view(-1, " << c.channels << ", " << c.height << ", "
        << c.width << "))\n\n";
  }
  out << "model = " << className << "()\n"
      << "model.load_state_dict(torch.load(" << pyString(weightsFile) << "))\n";
  return out.str();
}

}  // namespace

bool isClassicMlp(const VaeConfig& config) {
  // The example has no class input, so a cvae keeps our own module names.
  return config.architecture == Architecture::Mlp && config.hiddenSizes.size() == 1 && !config.isConditional();
}

std::vector<std::pair<std::string, torch::Tensor>> stateDictEntries(Vae& model) {
  const bool classic = isClassicMlp(model->config());
  std::vector<std::pair<std::string, torch::Tensor>> entries;
  for (const auto& p : model->named_parameters()) {
    entries.emplace_back(classic ? classicName(p.key()) : p.key(), exportCopy(p.value()));
  }
  // A state_dict holds buffers too; our layers have none today, but a future BatchNorm's would belong here.
  for (const auto& b : model->named_buffers()) {
    entries.emplace_back(classic ? classicName(b.key()) : b.key(), exportCopy(b.value()));
  }
  return entries;
}

void saveStateDict(Vae& model, const std::string& path) {
  std::vector<char> bytes;
  try {
    // torch.load in Python reads pickle_save's output (the zip archive torch.save writes) as a plain dict.
    c10::Dict<std::string, at::Tensor> dict;
    for (auto& [name, tensor] : stateDictEntries(model)) dict.insert(name, tensor);
    bytes = torch::pickle_save(c10::IValue(dict));
  } catch (const c10::Error& e) {
    throw std::runtime_error(path + ": cannot serialise the weights: " + e.what_without_backtrace());
  }
  writeFileAtomically(path, std::string(bytes.begin(), bytes.end()));
}

nlohmann::json architectureJson(Vae& model, const std::string& weightsFileName) {
  const VaeConfig& config = model->config();
  const bool classic = isClassicMlp(config);
  nlohmann::json parameters = nlohmann::json::array();
  for (const auto& [name, tensor] : stateDictEntries(model))
    parameters.push_back({{"name", name}, {"shape", tensor.sizes().vec()}});
  return {
      {"format", kFormatName},
      {"version", kFormatVersion},
      {"config", config.toJson()},
      {"classic_mlp", classic},
      {"state_dict_file", weightsFileName},
      {"parameters", parameters},
      {"decoder_output", "logits"},
      {"image", "sigmoid(logits) reshaped to [B,C,H,W]"},
      {"python", !classic                  ? generalProgram(model, weightsFileName)
                 : config.isAutoencoder() ? classicAutoencoderProgram(config, weightsFileName)
                                          : classicProgram(config, weightsFileName)},
  };
}

void saveArchitectureJson(Vae& model, const std::string& path, const std::string& weightsFileName) {
  std::string text;
  try {
    text = architectureJson(model, weightsFileName).dump(/*indent=*/2) + "\n";
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
  writeFileAtomically(path, text);
}

}  // namespace vae
