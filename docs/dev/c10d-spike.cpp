// spike RANK WORLD PORT [demo|loop|mismatch]   -- c10d TCPStore + ProcessGroupGloo from C++ (Debian libtorch 1.13.1)
#include <torch/torch.h>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#include <numeric>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <typeinfo>
#include <vector>

using Clock = std::chrono::steady_clock;
static const auto T0 = Clock::now();
static double since(Clock::time_point t = T0) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The classic VAE (784-400-20): 10 parameter tensors, 652,824 floats.
static std::vector<torch::Tensor> vaeGrads() {
  std::vector<std::vector<int64_t>> shapes = {{400, 784}, {400}, {20, 400}, {20}, {20, 400},
                                              {20},       {400, 20}, {400}, {784, 400}, {784}};
  std::vector<torch::Tensor> g;
  for (auto& s : shapes) g.push_back(torch::randn(s));
  return g;
}

static void allreduceMean(c10d::ProcessGroup& pg, torch::Tensor& t, int world) {
  std::vector<torch::Tensor> v{t};
  pg.allreduce(v)->wait();  // SUM in place; wait() rethrows a failed collective
  t.div_(world);
}

// One bucket: flatten -> one all-reduce -> copy back into the original tensors.
static void allreduceBucket(c10d::ProcessGroup& pg, std::vector<torch::Tensor>& grads, int world) {
  torch::Tensor flat = at::flatten_dense_tensors(grads);   // one contiguous copy
  allreduceMean(pg, flat, world);
  auto views = at::unflatten_dense_tensors(flat, grads);  // views into flat
  for (size_t i = 0; i < grads.size(); ++i) grads[i].copy_(views[i]);
}

// Same, but with a persistent bucket buffer (no 2.6 MB malloc/page faults per step).
static void allreduceBucketInto(c10d::ProcessGroup& pg, std::vector<torch::Tensor>& grads, torch::Tensor& flat, int world) {
  int64_t off = 0;
  for (auto& g : grads) { flat.narrow(0, off, g.numel()).view_as(g).copy_(g); off += g.numel(); }
  allreduceMean(pg, flat, world);
  off = 0;
  for (auto& g : grads) { g.copy_(flat.narrow(0, off, g.numel()).view_as(g)); off += g.numel(); }
}

int main(int argc, char** argv) {
  if (argc < 4) { std::fprintf(stderr, "usage: spike RANK WORLD PORT [demo|loop|mismatch]\n"); return 2; }
  const int rank = std::atoi(argv[1]), world = std::atoi(argv[2]);
  const auto port = static_cast<uint16_t>(std::atoi(argv[3]));
  const std::string mode = argc > 4 ? argv[4] : "demo";
  const char* envTimeout = std::getenv("SPIKE_TIMEOUT_MS");
  const std::chrono::milliseconds timeout(envTimeout ? std::atol(envTimeout) : 10000);
  torch::set_num_threads(1);
  try {
    c10d::TCPStoreOptions so;
    so.port = port;
    so.isServer = (rank == 0);
    so.numWorkers = world;
    so.waitWorkers = !std::getenv("SPIKE_NO_WAIT_WORKERS");  // server's ctor blocks until `world` clients have joined (or timeout)
    so.timeout = timeout;
    auto store = c10::make_intrusive<c10d::TCPStore>("127.0.0.1", so);
    std::printf("[r%d %.3fs] TCPStore up\n", rank, since());
    auto prefixed = c10::make_intrusive<c10d::PrefixStore>("vae/0", store);

    const char* pgTimeout = std::getenv("SPIKE_PG_TIMEOUT_MS");  // defaults to the store's timeout
    auto opts = c10d::ProcessGroupGloo::Options::create(pgTimeout ? std::chrono::milliseconds(std::atol(pgTimeout)) : timeout);
    opts->devices.push_back(std::getenv("SPIKE_DEFAULT_DEVICE") ? c10d::ProcessGroupGloo::createDefaultDevice()
                                                               : c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    auto pg = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, rank, world, opts);
    std::printf("[r%d %.3fs] ProcessGroupGloo up (threads=%d)\n", rank, since(), opts->threads);

    if (mode == "loop") {  // for the kill test: all-reduce 650k floats forever
      torch::Tensor t = torch::ones({652824});
      for (long i = 0;; ++i) {
        std::vector<torch::Tensor> v{t};
        auto started = Clock::now();
        c10d::AllreduceOptions ao;  // per-op timeout experiment (default kUnsetTimeout -> Options::timeout)
        if (const char* e = std::getenv("SPIKE_OP_TIMEOUT_MS")) ao.timeout = std::chrono::milliseconds(std::atol(e));
        auto work = pg->allreduce(v, ao);
        if (const char* e = std::getenv("SPIKE_WAIT_TIMEOUT_MS")) {  // caller-side timeout on Work::wait
          try {
            work->wait(std::chrono::milliseconds(std::atol(e)));
          } catch (const std::exception& ex) {
            std::printf("[r%d %.3fs] wait(timeout) threw: %s\n", rank, since(), ex.what()), std::fflush(stdout);
            throw;  // leaving the try block destroys pg while the gloo op is still pending
          }
        } else {
          work->wait();
        }
        t.fill_(1);
        if (i % 200 == 0) std::printf("[r%d %.3fs] iter %ld\n", rank, since(), i), std::fflush(stdout);
        if (since(started) > 1.0) std::printf("[r%d] slow iter %ld: %.3fs\n", rank, i, since(started));
      }
    }

    if (mode == "mismatch") {  // ranks disagree on the tensor size of one all-reduce
      torch::Tensor t = torch::ones({rank == 0 ? 1000 : 2000});
      std::vector<torch::Tensor> v{t};
      pg->allreduce(v)->wait();
      std::printf("[r%d %.3fs] mismatched allreduce returned, sum=%g\n", rank, since(), t.sum().item<double>());
      return 0;
    }
    // 1. broadcast from rank 0
    torch::Tensor w = rank == 0 ? torch::arange(5, torch::kFloat) : torch::zeros({5});
    std::vector<torch::Tensor> bv{w};
    pg->broadcast(bv)->wait();
    std::cout << "[r" << rank << "] broadcast -> " << w << std::endl;
    // 2. all-reduce: mean of (rank+1)
    torch::Tensor g = torch::full({4}, float(rank + 1));
    allreduceMean(*pg, g, world);
    std::cout << "[r" << rank << "] allreduce mean -> " << g << std::endl;
    // 3. barrier
    pg->barrier()->wait();
    std::printf("[r%d %.3fs] barrier passed\n", rank, since());

    // 4. bucketing correctness: per-rank random 'gradients'; one flattened all-reduce must equal 10 per-tensor ones
    torch::manual_seed(100 + rank);
    auto grads = vaeGrads();
    std::vector<torch::Tensor> expect;
    for (auto& t : grads) expect.push_back(t.clone());
    for (auto& t : expect) allreduceMean(*pg, t, world);  // per-tensor reference
    allreduceBucket(*pg, grads, world);
    double maxDiff = 0;
    for (size_t i = 0; i < grads.size(); ++i) maxDiff = std::max(maxDiff, (grads[i] - expect[i]).abs().max().item<double>());
    std::printf("[r%d] bucket vs per-tensor max |diff| = %g\n", rank, maxDiff);
    // Are the averaged gradients bitwise identical on every rank? (They must be, or replicas drift.)
    torch::Tensor mine = at::flatten_dense_tensors(grads), root = mine.clone();
    std::vector<torch::Tensor> rv{root};
    pg->broadcast(rv)->wait();
    std::printf("[r%d] averaged grads bitwise equal to rank 0's: %s\n", rank, torch::equal(mine, root) ? "yes" : "NO");

    // 5. timings: variants interleaved in 20 rounds x 5 iterations (100 each), so machine load hits all alike
    torch::Tensor big = torch::randn({652824}), bucketBuf = torch::empty({652824});
    std::vector<std::pair<const char*, std::function<void()>>> variants = {
        {"one 652824-float allreduce", [&] { allreduceMean(*pg, big, world); }},
        {"10 per-tensor allreduces", [&] { for (auto& t : grads) allreduceMean(*pg, t, world); }},
        {"bucket: flatten+allreduce+unflatten", [&] { allreduceBucket(*pg, grads, world); }},
        {"bucket: persistent buffer", [&] { allreduceBucketInto(*pg, grads, bucketBuf, world); }},
        {"allreduce_coalesced(10)", [&] { pg->allreduce_coalesced(grads)->wait(); for (auto& t : grads) t.div_(world); }},
        {"10 async allreduces, then wait", [&] {
           std::vector<c10::intrusive_ptr<c10d::Work>> works;
           for (auto& t : grads) { std::vector<torch::Tensor> v{t}; works.push_back(pg->allreduce(v)); }
           for (auto& wk : works) wk->wait();
           for (auto& t : grads) t.div_(world);
         }},
        {"(no comm) flatten+unflatten+copy", [&] {
           auto f = at::flatten_dense_tensors(grads); auto v = at::unflatten_dense_tensors(f, grads);
           for (size_t i = 0; i < grads.size(); ++i) grads[i].copy_(v[i]); }},
    };
    std::vector<std::vector<double>> ms(variants.size());
    for (auto& v : variants) for (int i = 0; i < 5; ++i) v.second();  // warm-up
    for (int round = 0; round < 20; ++round)
      for (size_t k = 0; k < variants.size(); ++k) {
        pg->barrier()->wait();
        auto t = Clock::now();
        for (int i = 0; i < 5; ++i) variants[k].second();
        ms[k].push_back(since(t) / 5 * 1e3);
      }
    for (size_t k = 0; k < variants.size(); ++k) {
      auto v = ms[k];
      std::sort(v.begin(), v.end());
      double mean = std::accumulate(v.begin(), v.end(), 0.0) / v.size();
      std::printf("[r%d] %-38s mean %6.3f ms  median %6.3f  min %6.3f  (100 iters)\n", rank, variants[k].first, mean,
                  v[v.size() / 2], v[0]);
    }
    pg->barrier()->wait();
    std::printf("[r%d %.3fs] done\n", rank, since());
  } catch (const c10::Error& e) {  // TORCH_CHECK failures, e.g. "Socket Timeout"; what() carries a backtrace
    std::printf("[r%d %.3fs] EXCEPTION (%s): %s\n", rank, since(), typeid(e).name(), e.what_without_backtrace());
    return 1;
  } catch (const std::exception& e) {  // c10d::TimeoutError (std::runtime_error), gloo::IoException, ...
    std::printf("[r%d %.3fs] EXCEPTION (%s): %s\n", rank, since(), typeid(e).name(), e.what());
    return 1;
  }
  return 0;
}
