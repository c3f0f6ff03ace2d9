"""End-to-end check of VAE Studio's state_dict export with plain PyTorch.

usage: python3 check_weights.py PREFIX...

Each PREFIX names four files written by model_test_weightsexport (WeightsExport.WritesPythonFixture):
PREFIX.pt (the state_dict), PREFIX.json (the architecture), PREFIX.z.txt (latent rows) and
PREFIX.expected.txt (the C++ decoder's sigmoid(logits) for those rows, flattened). The state_dict is read
with torch.load(path) and nothing else; then, for a classic MLP VAE, the pytorch/examples VAE class loads it
strictly, and for every model the program in the JSON's "python" key runs; both must decode the z rows
to the C++ images within TOLERANCE (max abs difference: none).
A plain autoencoder (config "kind": "autoencoder") has two more files, PREFIX.x.txt (images, flattened) and
PREFIX.code.txt (the C++ codes of those images): the program's model must have no logvar head, and its
encode(x) and forward(x)[1] must both give the C++ codes, twice alike (the code is deterministic).
A conditional VAE (config "kind": "cvae") has PREFIX.y.txt (one class per z row; the expected images are decoded
with them), PREFIX.x.txt and PREFIX.code.txt (the C++ mu of those images with the same classes): the program's
decode(z, y) and encode(x, y)[0] must match, and the same z decoded with another class must differ.
"""
import json
import os
import sys

# Exactly: the same float32 weights through the same LibTorch and BLAS kernel (ctest hands both processes
# the kernel vae-studio chooses) give the same images; README "Export" promises max |difference| 0.
TOLERANCE = 0.0

try:
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError as error:
    sys.exit(f"FAIL: {sys.executable} cannot import torch ({error}). Install python3-torch (test.sh does).")


class VAE(nn.Module):
    """The VAE of pytorch/examples vae/main.py, with its sizes as arguments."""

    def __init__(self, d, h, l):
        super().__init__()
        self.fc1 = nn.Linear(d, h)
        self.fc21 = nn.Linear(h, l)
        self.fc22 = nn.Linear(h, l)
        self.fc3 = nn.Linear(l, h)
        self.fc4 = nn.Linear(h, d)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def decode(self, z):
        h3 = F.relu(self.fc3(z))
        return torch.sigmoid(self.fc4(h3))


def read_rows(path):
    with open(path) as f:
        return torch.tensor([[float(v) for v in line.split()] for line in f if line.strip()])


def run_json_program(program, directory):
    """Runs the JSON's program where it expects its .pt file and returns the `model` it builds."""
    scope = {}
    cwd = os.getcwd()
    os.chdir(directory)
    try:
        exec(program, scope)
    finally:
        os.chdir(cwd)
    return scope["model"]


def check(prefix):
    with open(prefix + ".json") as f:
        arch = json.load(f)
    state = torch.load(prefix + ".pt")
    expected_shapes = {p["name"]: p["shape"] for p in arch["parameters"]}
    actual_shapes = {name: list(t.shape) for name, t in state.items()}
    if actual_shapes != expected_shapes:
        return [f"{prefix}.pt: names/shapes {actual_shapes} differ from the JSON's {expected_shapes}"]

    models = {}
    autoencoder = arch["config"].get("kind", "vae") == "autoencoder"
    conditional = arch["config"].get("kind", "vae") == "cvae"
    if arch["classic_mlp"] and not autoencoder:
        c = arch["config"]
        classic = VAE(c["channels"] * c["height"] * c["width"], c["hidden_sizes"][0], c["latent_dim"])
        classic.load_state_dict(state, strict=True)
        models["pytorch/examples VAE class"] = classic
    models['JSON "python" program'] = run_json_program(arch["python"], os.path.dirname(os.path.abspath(prefix)))

    z, expected = read_rows(prefix + ".z.txt"), read_rows(prefix + ".expected.txt")
    y = read_rows(prefix + ".y.txt").long().reshape(-1) if conditional else None
    failures = []
    for label, model in models.items():
        with torch.no_grad():
            images = (model.eval().decode(z, y) if conditional else model.eval().decode(z)).reshape(len(z), -1)
        error = (images - expected).abs().max().item()
        print(f"{os.path.basename(prefix)}: {label}: {len(state)} tensors, max |python - C++| = {error:.2e}")
        if not error <= TOLERANCE:
            failures.append(f"{prefix}: {label} decodes {error:.2e} away from C++ (tolerance {TOLERANCE})")
    if autoencoder:
        failures += check_codes(prefix, arch, models['JSON "python" program'])
    if conditional:
        failures += check_conditional(prefix, arch, models['JSON "python" program'], z, y)
    return failures


def check_conditional(prefix, arch, model, z, y):
    """A cvae's Python class: encode(x, y) gives the C++ mu, and the class changes what decode(z, y) draws."""
    c = arch["config"]
    x = read_rows(prefix + ".x.txt").view(-1, c["channels"], c["height"], c["width"])
    expected = read_rows(prefix + ".code.txt")
    failures = []
    with torch.no_grad():
        mu = model.encode(x, y)[0]
        other = model.decode(z, (y + 1) % c["class_count"])
        same = model.decode(z, y)
    error = (mu - expected).abs().max().item()
    print(f"{os.path.basename(prefix)}: cvae mu, max |python - C++| = {error:.2e}")
    if not error <= TOLERANCE:
        failures.append(f"{prefix}: the cvae's mu is {error:.2e} away from C++ (tolerance {TOLERANCE})")
    if torch.equal(other, same):
        failures.append(f"{prefix}: the cvae decodes the same z alike for two classes")
    return failures


def check_codes(prefix, arch, model):
    """An autoencoder's Python class: no logvar head, and encode / forward give the C++ codes every time."""
    c = arch["config"]
    x = read_rows(prefix + ".x.txt")
    if not arch["classic_mlp"]:
        x = x.view(-1, c["channels"], c["height"], c["width"])
    expected = read_rows(prefix + ".code.txt")
    failures = [f"{prefix}: the autoencoder has a {name} head"
                for name in ("logvar", "fc22") if hasattr(model, name)]
    with torch.no_grad():
        codes = [model.encode(x), model.encode(x), model(x)[1]]
    if not (torch.equal(codes[0], codes[1]) and torch.equal(codes[0], codes[2])):
        failures.append(f"{prefix}: encode / forward give different codes for the same images")
    error = (codes[0] - expected).abs().max().item()
    print(f"{os.path.basename(prefix)}: autoencoder code, max |python - C++| = {error:.2e}")
    if not error <= TOLERANCE:
        failures.append(f"{prefix}: the code is {error:.2e} away from C++ (tolerance {TOLERANCE})")
    return failures


def main(prefixes):
    if not prefixes:
        sys.exit(__doc__)
    print(f"python {sys.version.split()[0]}, torch {torch.__version__}")
    failures = [failure for prefix in prefixes for failure in check(prefix)]
    for failure in failures:
        print("FAIL:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
