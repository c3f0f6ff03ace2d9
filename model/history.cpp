#include "model/history.h"
#include "model/jsonint.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace vae {

std::string toString(EventRecord::Kind k) {
  switch (k) {
    case EventRecord::Kind::BetaChanged: return "beta";
    case EventRecord::Kind::LrChanged: return "lr";
    case EventRecord::Kind::Resumed: return "resumed";
    case EventRecord::Kind::NanRecovered: return "nan-recovered";
    case EventRecord::Kind::Note: return "note";
  }
  return "note";
}

std::string shortNumber(double v) {
  char text[32];
  const double a = std::fabs(v);
  if (a == 0 || (a >= 1e-3 && a < 1e4)) {
    std::snprintf(text, sizeof text, "%.4g", v);
    return text;
  }
  int exponent = static_cast<int>(std::floor(std::log10(a)));
  double mantissa = v / std::pow(10.0, exponent);
  std::snprintf(text, sizeof text, "%.3g", mantissa);
  if (std::fabs(std::stod(text)) >= 10) {  // 9.999e-5 rounds up to 10e-5
    mantissa /= 10;
    ++exponent;
    std::snprintf(text, sizeof text, "%.3g", mantissa);
  }
  return std::string(text) + "e" + std::to_string(exponent);
}

std::string eventLabel(const EventRecord& e) {
  switch (e.kind) {
    case EventRecord::Kind::BetaChanged: return "\u03b2 = " + shortNumber(e.value);
    case EventRecord::Kind::LrChanged: return "lr = " + shortNumber(e.value);
    default: return e.text;
  }
}

namespace {
EventRecord::Kind eventKindFromString(const std::string& s) {
  for (auto k : {EventRecord::Kind::BetaChanged, EventRecord::Kind::LrChanged, EventRecord::Kind::Resumed,
                 EventRecord::Kind::NanRecovered, EventRecord::Kind::Note})
    if (toString(k) == s) return k;
  throw std::invalid_argument("unknown history event '" + s + "'");
}
}  // namespace

// Steps are stored column-wise: a run has ~10^5 of them and per-object JSON would be 5x larger.
nlohmann::json History::toJson() const {
  nlohmann::json stepCols = {{"step", nlohmann::json::array()},  {"epoch", nlohmann::json::array()},
                             {"total", nlohmann::json::array()}, {"recon", nlohmann::json::array()},
                             {"kl", nlohmann::json::array()},    {"beta", nlohmann::json::array()},
                             {"lr", nlohmann::json::array()}};
  for (const StepRecord& s : steps) {
    stepCols["step"].push_back(s.step);
    stepCols["epoch"].push_back(s.epoch);
    stepCols["total"].push_back(s.total);
    stepCols["recon"].push_back(s.recon);
    stepCols["kl"].push_back(s.kl);
    stepCols["beta"].push_back(s.beta);
    stepCols["lr"].push_back(s.lr);
  }
  nlohmann::json epochArr = nlohmann::json::array();
  for (const EpochRecord& e : epochs)
    epochArr.push_back({{"epoch", e.epoch}, {"step", e.step}, {"train_total", e.trainTotal},
                        {"train_recon", e.trainRecon}, {"train_kl", e.trainKl}, {"test_total", e.testTotal},
                        {"test_recon", e.testRecon}, {"test_kl", e.testKl}, {"seconds", e.seconds}});
  nlohmann::json eventArr = nlohmann::json::array();
  for (const EventRecord& e : events)
    eventArr.push_back({{"kind", toString(e.kind)}, {"step", e.step}, {"value", e.value}, {"text", e.text}});
  return {{"steps", stepCols}, {"epochs", epochArr}, {"events", eventArr}};
}

History History::fromJson(const nlohmann::json& j) {
  try {
    History h;
    const auto& cols = j.at("steps");
    const size_t n = cols.at("step").size();
    for (const char* key : {"epoch", "total", "recon", "kl", "beta", "lr"})
      if (cols.at(key).size() != n) throw std::invalid_argument("history step columns differ in length");
    h.steps.resize(n);
    for (size_t i = 0; i < n; ++i) {
      StepRecord& s = h.steps[i];
      s.step = jsonInt(cols["step"][i]);
      s.epoch = jsonInt(cols["epoch"][i]);
      s.total = cols["total"][i].get<double>();
      s.recon = cols["recon"][i].get<double>();
      s.kl = cols["kl"][i].get<double>();
      s.beta = cols["beta"][i].get<double>();
      s.lr = cols["lr"][i].get<double>();
    }
    for (const auto& e : j.at("epochs")) {
      EpochRecord r;
      r.epoch = jsonInt(e.at("epoch"));
      r.step = jsonInt(e.at("step"));
      r.trainTotal = e.at("train_total").get<double>();
      r.trainRecon = e.at("train_recon").get<double>();
      r.trainKl = e.at("train_kl").get<double>();
      r.testTotal = e.at("test_total").get<double>();
      r.testRecon = e.at("test_recon").get<double>();
      r.testKl = e.at("test_kl").get<double>();
      r.seconds = e.at("seconds").get<double>();
      h.epochs.push_back(r);
    }
    for (const auto& e : j.at("events")) {
      EventRecord r;
      r.kind = eventKindFromString(e.at("kind").get<std::string>());
      r.step = jsonInt(e.at("step"));
      r.value = e.at("value").get<double>();
      r.text = e.at("text").get<std::string>();
      h.events.push_back(r);
    }
    return h;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("bad history: ") + e.what());
  }
}

}  // namespace vae
