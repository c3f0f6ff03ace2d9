#!/usr/bin/env python3
"""Writes the malformed-input corpus in tests/malformed/corpus/ (python3 standard library only).

    make_corpus.py [--vae-studio PATH]

Every file is a small, hand-made bad input for one loader (IDX images / labels, CIFAR-10 batches, NumPy
.npy / .npz arrays, .vaestudio checkpoints, slider presets, image folders); tests/malformed/cases.tsv says what each one must
produce. The good files beside them (good-*) are the valid halves of two-file cases.

The bad checkpoints are edits of a valid tiny checkpoint (4x4 images, latent 2, hidden 4), so they need the
vae-studio binary to train one; without --vae-studio the existing checkpoint files are kept as they are.
The edits work on the torch archive's zip entries and on its pickle (data.pkl) opcode by opcode.
"""

import argparse
import gzip
import io
import json
import os
import pickletools
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")

IDX_IMAGES_MAGIC = 0x00000803
IDX_LABELS_MAGIC = 0x00000801
# The valid IDX images file: enough 4x4 images for the 5:1 train/test split and a batch of training.
GOOD_COUNT = 24
GOOD_SIDE = 4
CIFAR_RECORD = 1 + 3 * 32 * 32


def write(name, data):
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def be32(*values):
    return b"".join(struct.pack(">I", v) for v in values)


def idx_images(n, rows, cols, pixels=None):
    if pixels is None:
        pixels = bytes((i * 37 + 11) % 256 for i in range(n * rows * cols))
    return be32(IDX_IMAGES_MAGIC, n, rows, cols) + pixels


def idx_labels(n, labels=None):
    if labels is None:
        labels = bytes(i % 3 for i in range(n))
    return be32(IDX_LABELS_MAGIC, n) + labels


def gzip_bytes(data):
    # mtime=0: the same bytes on every run, so regenerating changes nothing in git.
    return gzip.compress(data, mtime=0)


def make_idx():
    good = idx_images(GOOD_COUNT, GOOD_SIDE, GOOD_SIDE)
    write("good-images.idx3", good)
    write("good-labels.idx1", idx_labels(GOOD_COUNT))
    write("idx-empty.idx3", b"")
    write("idx-truncated-header.idx3", be32(IDX_IMAGES_MAGIC, 10) + b"\x00\x00")
    write("idx-wrong-magic.idx3", be32(0x00000D03, GOOD_COUNT, GOOD_SIDE, GOOD_SIDE) + good[16:])
    write("idx-labels-given-as-images.idx3", idx_labels(GOOD_COUNT))
    write("idx-zero-count.idx3", idx_images(0, GOOD_SIDE, GOOD_SIDE))
    write("idx-zero-rows.idx3", be32(IDX_IMAGES_MAGIC, GOOD_COUNT, 0, GOOD_SIDE))
    write("idx-huge-side.idx3", be32(IDX_IMAGES_MAGIC, 2, 100000, 100000) + b"\x00" * 64)
    write("idx-truncated-pixels.idx3", good[: 16 + 100])
    write("idx-trailing-garbage.idx3", good + b"garbage")
    # 4294967295 images of 1000x1000: a declared 4.3e15 bytes (>= 1e12) in a 20-byte file.
    write("idx-huge-count.idx3", be32(IDX_IMAGES_MAGIC, 0xFFFFFFFF, 1000, 1000) + b"\x00" * 4)
    # The same header behind gzip, so the refusal also holds after inflating.
    write("idx-huge-count.idx3.gz", gzip_bytes(be32(IDX_IMAGES_MAGIC, 0xFFFFFFFF, 1000, 1000) + b"\x00" * 4))
    write("idx-gzip-corrupt.idx3.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"this is not deflate data" * 4)
    whole = gzip_bytes(good)
    write("idx-gzip-truncated.idx3.gz", whole[: len(whole) // 2])
    write("idx-gzip-empty.idx3.gz", gzip_bytes(b""))


def make_labels():
    write("labels-wrong-magic.idx1", idx_images(2, 2, 2))
    write("labels-truncated.idx1", idx_labels(GOOD_COUNT)[: 8 + GOOD_COUNT // 2])
    write("labels-count-mismatch.idx1", idx_labels(GOOD_COUNT // 2))
    write("labels-zero-count.idx1", idx_labels(0))
    write("labels-huge-count.idx1", be32(IDX_LABELS_MAGIC, 0xFFFFFFFF) + b"\x00" * 8)
    write("labels-empty.idx1", b"")


def cifar_record(label):
    return bytes([label]) + bytes((i * 7 + label) % 256 for i in range(CIFAR_RECORD - 1))


def make_cifar():
    write("good-cifar-record.bin", cifar_record(3))
    write("cifar-empty.bin", b"")
    write("cifar-partial-record.bin", cifar_record(1) + cifar_record(2)[:100])
    write("cifar-label-out-of-range.bin", cifar_record(4) + bytes([10]) + cifar_record(0)[1:])
    write("cifar-short.bin", cifar_record(5)[:3000])


def npy(descr, shape, data, fortran=False, header=None):
    """An .npy file as numpy.save writes it (format 1.0, header padded to 64 bytes)."""
    if header is None:
        header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, "True" if fortran else "False", shape)
    total = (10 + len(header) + 1 + 63) // 64 * 64
    header = header + " " * (total - 10 - len(header) - 1) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin-1") + data


# The valid .npy images: GOOD_COUNT gray GOOD_SIDE x GOOD_SIDE images, as the IDX ones.
def good_npy():
    return npy("|u1", "(%d, %d, %d)" % (GOOD_COUNT, GOOD_SIDE, GOOD_SIDE),
               bytes((i * 37 + 11) % 256 for i in range(GOOD_COUNT * GOOD_SIDE * GOOD_SIDE)))


def npz(entries, compression=zipfile.ZIP_STORED):
    """A zip of NAME.npy entries, as numpy.savez (stored) or savez_compressed (deflate) writes it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            z.writestr(info, data)
    return out.getvalue()


def make_npy():
    good = good_npy()
    shape = "(%d, %d, %d)" % (GOOD_COUNT, GOOD_SIDE, GOOD_SIDE)
    pixels = good[128:]
    write("good-images.npy", good)
    write("good-labels.npy", npy("|u1", "(%d,)" % GOOD_COUNT, bytes(i % 3 for i in range(GOOD_COUNT))))
    write("npy-empty.npy", b"")
    write("npy-bad-magic.npy", b"\x93NUMPZ" + good[6:])
    write("npy-fortran-order.npy", npy("|u1", shape, pixels, fortran=True))
    write("npy-truncated-header.npy", good[:60])
    write("npy-truncated-data.npy", good[:128 + 100])
    write("npy-trailing-garbage.npy", good + b"garbage")
    write("npy-huge-shape.npy", npy("|u1", "(4294967295, 1000, 1000)", b"\x00" * 4))
    write("npy-int-dtype.npy", npy("<i4", shape, bytes(4 * len(pixels))))
    write("npy-big-endian.npy", npy(">f4", shape, bytes(4 * len(pixels))))
    write("npy-bad-shape.npy", npy("|u1", "(%d, 3, %d, %d)" % (GOOD_COUNT // 3, GOOD_SIDE, GOOD_SIDE), pixels))
    write("npy-float-0-255.npy", npy("<f4", shape, struct.pack("<%df" % len(pixels), *[float(p) for p in pixels])))
    write("npy-float-nan.npy", npy("<f4", shape, struct.pack("<f", float("nan")) + bytes(4 * (len(pixels) - 1))))
    write("npy-bad-header.npy", npy("", "", pixels, header="{'descr': '|u1', 'fortran_order': False, 'shape': (24, 4 "))
    write("npy-structured-dtype.npy", npy("", "", pixels, header="{'descr': [('a', '|u1')], 'fortran_order': False, 'shape': (24,), }"))
    write("npy-labels-count-mismatch.npy", npy("|u1", "(12,)", bytes(12)))
    write("npy-labels-float.npy", npy("<f4", "(%d,)" % GOOD_COUNT, bytes(4 * GOOD_COUNT)))
    write("npy-labels-negative.npy", npy("<i8", "(%d,)" % GOOD_COUNT, struct.pack("<q", -1) * GOOD_COUNT))


def make_npz():
    good = good_npy()
    labels = npy("|u1", "(%d,)" % GOOD_COUNT, bytes(i % 3 for i in range(GOOD_COUNT)))
    stored = npz([("images", good), ("labels", labels)])
    write("good.npz", npz([("images", good), ("labels", labels)], zipfile.ZIP_DEFLATED))
    write("npz-not-zip.npz", b"this is not a zip archive, just text\n" * 3)
    write("npz-empty.npz", b"")
    write("npz-truncated.npz", stored[: len(stored) // 2])
    # A pixel of the stored images entry flipped: the CRC-32 no longer matches.
    flipped = bytearray(stored)
    at = stored.index(b"\x93NUMPY") + 128 + 5
    flipped[at] ^= 0xFF
    write("npz-crc-mismatch.npz", bytes(flipped))
    # Deflated entry whose compressed bytes are garbage (sizes and CRC as the original).
    deflated = bytearray(npz([("images", good)], zipfile.ZIP_DEFLATED))
    start = 30 + len("images.npy")
    for i in range(start, start + 16):
        deflated[i] = 0xFF
    write("npz-corrupt-deflate.npz", bytes(deflated))
    # A central directory claiming 4 GB for an entry of a few hundred compressed bytes.
    forged = bytearray(npz([("images", good)], zipfile.ZIP_DEFLATED))
    cd = forged.rindex(b"PK\x01\x02")
    forged[cd + 24:cd + 28] = struct.pack("<I", 0xFFFFFFF0)
    write("npz-forged-size.npz", bytes(forged))
    # An unsupported compression method (12 is bzip2) in both headers.
    bz = bytearray(stored)
    for sig, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = bz.index(sig)
        bz[at + offset:at + offset + 2] = struct.pack("<H", 12)
    write("npz-bzip2.npz", bytes(bz))
    write("npz-several-arrays.npz", npz([("a", good), ("b", good)]))
    write("npz-fortran-order.npz", npz([("images", npy("|u1", "(%d, %d, %d)" % (GOOD_COUNT, GOOD_SIDE, GOOD_SIDE),
                                                    good[128:], fortran=True))]))
    write("npz-labels-count-mismatch.npz", npz([("images", good), ("labels", npy("|u1", "(12,)", bytes(12)))]))


def make_presets():
    def dump(obj):
        return (json.dumps(obj, indent=1) + "\n").encode()

    good_item = {"name": "p", "z": [0.5, -0.5]}
    write("presets-empty.json", b"")
    write("presets-not-json.json", b'{"format": "vae-studio-presets", "version": 1, "presets": [\n')
    write("presets-array-root.json", dump([good_item]))
    write("presets-wrong-format.json", dump({"format": "something-else", "version": 1, "presets": [good_item]}))
    write("presets-future-version.json", dump({"format": "vae-studio-presets", "version": 99, "presets": [good_item]}))
    write("presets-z-not-array.json", dump({"format": "vae-studio-presets", "version": 1,
                                            "presets": [{"name": "p", "z": "0.5,-0.5"}]}))
    write("presets-z-non-numeric.json", dump({"format": "vae-studio-presets", "version": 1,
                                              "presets": [{"name": "p", "z": [0.5, "NaN"]}]}))
    # 1e999 is valid JSON syntax but not a finite double.
    write("presets-z-overflow.json", b'{"format": "vae-studio-presets", "version": 1, '
                                     b'"presets": [{"name": "p", "z": [0.5, 1e999]}]}\n')
    write("presets-empty-z.json", dump({"format": "vae-studio-presets", "version": 1,
                                        "presets": [{"name": "p", "z": []}]}))


def png(width, height, rows=None, color_type=0):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    if rows is None:
        rows = b"".join(b"\x00" + bytes((x * 40 + y * 20) % 256 for x in range(width)) for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def make_folders():
    # One class folder each, holding only bad images: a bad image beside good ones is skipped with a warning
    # (test_folderdataset), so a folder is refused only when nothing in it can be decoded.
    write("folder-corrupt-png/class-a/bad.png", b"\x89PNG\r\n\x1a\n" + b"not really a png" * 8)
    whole = png(6, 6)
    write("folder-truncated-png/class-a/cut.png", whole[: len(whole) - 30])
    # IHDR says 200000 x 200000 (40 GB as 8-bit gray, 160 GB decoded as ARGB): the reader must refuse it
    # from the header instead of allocating.
    write("folder-huge-png/class-a/huge.png", png(200000, 200000, rows=b"\x00"))
    write("folder-zero-size-png/class-a/zero.png", png(0, 6, rows=b""))
    write("folder-text-as-png/class-a/notes.png", b"these are notes, not an image\n")
    # Several kinds at once: the refusal counts them and names the first in path order with its reason.
    write("folder-all-skipped/class-a/a-empty.png", b"")
    write("folder-all-skipped/class-a/b-cut.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    write("folder-all-skipped/class-b/nested/c-text.png", b"not an image either\n")
    # The good image a test-time case makes unreadable inside a class folder (@folder-unreadable).
    write("good-image.png", png(6, 6))
    # A flat folder (no class folders) of one bad image: the same refusal, for the unlabelled layout.
    write("folder-flat-all-skipped/only.png", whole[: len(whole) - 30])


# --- checkpoints --------------------------------------------------------------------------------------

def pickle_ops(data):
    """(opcode name, argument, start, end) for every opcode of a pickle."""
    ops = list(pickletools.genops(data))
    out = []
    for i, (op, arg, pos) in enumerate(ops):
        end = ops[i + 1][2] if i + 1 < len(ops) else len(data)
        out.append((op.name, arg, pos, end))
    return out


def encode_unicode(text):
    # BINUNICODE: torch's unpickler speaks protocol 2, without protocol 4's SHORT_BINUNICODE.
    raw = text.encode()
    return b"X" + struct.pack("<I", len(raw)) + raw


def replace_op(data, start, end, new):
    return data[:start] + new + data[end:]


def string_op_after_key(data, key):
    """The opcode holding the value written right after the attribute name `key`."""
    ops = pickle_ops(data)
    for i, (name, arg, _, _) in enumerate(ops):
        if name in ("SHORT_BINUNICODE", "BINUNICODE") and arg == key:
            for j in range(i + 1, len(ops)):
                if ops[j][0] not in ("MEMOIZE", "BINPUT", "LONG_BINPUT"):
                    return ops[j]
    raise SystemExit(f"make_corpus: no attribute {key!r} in data.pkl")


def rename_key(data, key, new_key):
    for name, arg, start, end in pickle_ops(data):
        if name in ("SHORT_BINUNICODE", "BINUNICODE") and arg == key:
            return replace_op(data, start, end, encode_unicode(new_key))
    raise SystemExit(f"make_corpus: no key {key!r} in data.pkl")


def set_int_after_key(data, key, value):
    _, _, start, end = string_op_after_key(data, key)
    return replace_op(data, start, end, b"J" + struct.pack("<i", value))  # BININT


def set_string_after_key(data, key, text):
    name, _, start, end = string_op_after_key(data, key)
    assert name in ("SHORT_BINUNICODE", "BINUNICODE"), name
    return replace_op(data, start, end, encode_unicode(text))


def string_after_key(data, key):
    name, arg, _, _ = string_op_after_key(data, key)
    assert name in ("SHORT_BINUNICODE", "BINUNICODE"), name
    return arg


class Archive:
    """A torch archive (zip) as an ordered name -> bytes map; source is a path or a file object."""

    def __init__(self, path):
        with zipfile.ZipFile(path) as z:
            self.entries = [(info.filename, z.read(info.filename)) for info in z.infolist()]
        self.prefix = self.entries[0][0].split("/")[0]

    def get(self, suffix):
        for name, data in self.entries:
            if name == f"{self.prefix}/{suffix}":
                return data
        raise KeyError(suffix)

    def set(self, suffix, data):
        self.entries = [(n, data if n == f"{self.prefix}/{suffix}" else d) for n, d in self.entries]

    def names(self):
        return [n[len(self.prefix) + 1:] for n, _ in self.entries]

    def bytes(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
            for name, data in self.entries:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                z.writestr(info, data)
        return buf.getvalue()


def train_base_checkpoint(binary, work):
    # Run in the corpus directory with relative paths, so the checkpoint's dataset spec names the committed
    # files ("idx:good-images.idx3,good-labels.idx1") rather than a temp directory.
    out = os.path.join(work, "base.vaestudio")
    env = dict(os.environ, OMP_NUM_THREADS="1", QT_QPA_PLATFORM="offscreen")
    subprocess.run([os.path.abspath(binary), "train", "--data", "idx:good-images.idx3,good-labels.idx1",
                    "--latent", "2", "--hidden", "4", "--epochs", "1", "--batch", "8", "--threads", "1",
                    "--seed", "1", "--out", out],
                   check=True, env=env, cwd=OUT, stdout=subprocess.DEVNULL)
    return out


def make_checkpoints(binary):
    with tempfile.TemporaryDirectory() as work:
        base_path = train_base_checkpoint(binary, work)
        with open(base_path, "rb") as f:
            base = f.read()
    # The only thing that differs between two trainings is the wall-clock time per epoch: zero it, so
    # regenerating the corpus leaves git with nothing to commit.
    archive = Archive(io.BytesIO(base))
    def timeless(meta):
        for epoch in meta["history"]["epochs"]:
            epoch["seconds"] = 0.0
        return json.dumps(meta, separators=(",", ":"), sort_keys=True)
    archive.set("data.pkl", set_string_after_key(archive.get("data.pkl"), "meta",
                                                 timeless(json.loads(string_after_key(archive.get("data.pkl"), "meta")))))
    base = archive.bytes()
    write("good.vaestudio", base)
    write("ckpt-empty.vaestudio", b"")
    write("ckpt-text.vaestudio", b"This is a text file with a checkpoint's name.\n")
    write("ckpt-truncated.vaestudio", base[: len(base) // 2])
    write("ckpt-zeroed-tail.vaestudio", base[: len(base) - 200] + b"\x00" * 200)

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("readme.txt", date_time=(1980, 1, 1, 0, 0, 0)), "a zip file, not a torch archive\n")
    write("ckpt-plain-zip.vaestudio", buf.getvalue())

    def edited(name, edit_pickle=None, edit_archive=None):
        archive = Archive(os.path.join(OUT, "good.vaestudio"))
        if edit_pickle:
            archive.set("data.pkl", edit_pickle(archive.get("data.pkl")))
        if edit_archive:
            edit_archive(archive)
        write(name, archive.bytes())

    def rename_attribute(key, new_key):
        # The attribute is declared in the module's class (code/__torch__.py) and set in data.pkl; the new
        # name has the same length, so the source ranges in the .debug_pkl stay valid.
        assert len(key) == len(new_key)

        def edit(archive):
            archive.set("data.pkl", rename_key(archive.get("data.pkl"), key, new_key))
            code = archive.get("code/__torch__.py").decode()
            declaration = f"\n  {key} : "
            assert declaration in code, declaration
            archive.set("code/__torch__.py", code.replace(declaration, f"\n  {new_key} : ").encode())
        return edit

    # A torch archive of someone else: no "format" attribute.
    edited("ckpt-other-torch-archive.vaestudio", edit_archive=rename_attribute("format", "fxrmat"))
    edited("ckpt-future-version.vaestudio", lambda d: set_int_after_key(d, "format_version", 99))
    edited("ckpt-no-version.vaestudio", edit_archive=rename_attribute("format_version", "format_versiom"))

    def edit_meta(fn):
        def edit(d):
            meta = json.loads(string_after_key(d, "meta"))
            return set_string_after_key(d, "meta", fn(meta))
        return edit

    def wrong_hidden(meta):
        meta["model"]["hidden_sizes"] = [5]
        return json.dumps(meta)

    def missing_key(meta):
        del meta["dataset_spec"]
        return json.dumps(meta)

    def extra_param(meta):
        meta["parameter_names"].append("decoder.extra.weight")
        return json.dumps(meta)

    edited("ckpt-wrong-shapes.vaestudio", edit_meta(wrong_hidden))
    edited("ckpt-missing-meta-key.vaestudio", edit_meta(missing_key))
    edited("ckpt-bad-meta-json.vaestudio", edit_meta(lambda meta: '{"model": {"architecture": "mlp", '))
    edited("ckpt-missing-tensor.vaestudio", edit_meta(extra_param))

    def nan_weights(archive):
        # param_0 is the first tensor written after the history; every float storage of its size gets NaN
        # (its Adam moments too, which do not matter: the weights are checked first).
        key = first_param_storage(archive)
        data = archive.get(f"data/{key}")
        archive.set(f"data/{key}", struct.pack("<f", float("nan")) * (len(data) // 4))

    def short_storage(archive):
        key = first_param_storage(archive)
        archive.set(f"data/{key}", archive.get(f"data/{key}")[:8])

    edited("ckpt-nan-weights.vaestudio", edit_archive=nan_weights)
    edited("ckpt-short-storage.vaestudio", edit_archive=short_storage)
    edited("ckpt-huge-tensor-size.vaestudio", lambda d: huge_first_param(d))
    edited("ckpt-huge-storage-numel.vaestudio", lambda d: huge_first_param_numel(d))
    edited("ckpt-huge-history.vaestudio", lambda d: huge_history(d))


def param_tensor_ops(data):
    """Opcode indices of the persistent-id tuple and the sizes tuple of param_0's tensor."""
    ops = pickle_ops(data)
    for i, (name, arg, _, _) in enumerate(ops):
        if name in ("SHORT_BINUNICODE", "BINUNICODE") and arg == "param_0":
            return ops, i
    raise SystemExit("make_corpus: no param_0 in data.pkl")


def param_storage_ops(data):
    """param_0's storage key and the opcode of its declared element count (the persistent id's last item).

    The persistent id is ('storage', torch.FloatStorage, KEY, 'cpu', NUMEL); repeated strings are memo
    references (BINGET), but every key is a fresh digit string.
    """
    ops, i = param_tensor_ops(data)
    key = None
    for j in range(i + 1, len(ops)):
        name, arg = ops[j][0], ops[j][1]
        if name in ("SHORT_BINUNICODE", "BINUNICODE") and arg.isdigit():
            key = arg
        if name == "BINPERSID":
            assert ops[j - 1][0] == "TUPLE" and key is not None, "unexpected persistent id layout"
            return key, ops[j - 2]
    raise SystemExit("make_corpus: no storage for param_0")


def first_param_storage(archive):
    return param_storage_ops(archive.get("data.pkl"))[0]


def huge_first_param_numel(data):
    """param_0's storage declares 10^12 floats (4 TB) while its record holds a few hundred bytes."""
    _, (name, _, start, end) = param_storage_ops(data)
    assert name in ("BININT1", "BININT2", "BININT"), name
    return replace_op(data, start, end, b"\x8a\x08" + struct.pack("<q", 10**12))  # LONG1, 8 bytes


def huge_history(data):
    """history_steps (steps x 7 doubles) declares 10^6 rows over its record of a few steps."""
    ops = pickle_ops(data)
    start_at = next(i for i, op in enumerate(ops) if op[0] in ("SHORT_BINUNICODE", "BINUNICODE") and op[1] == "history_steps")
    persid = next(i for i in range(start_at, len(ops)) if ops[i][0] == "BINPERSID")
    # After the persistent id: BINPUT, the offset, MARK, rows, 7, TUPLE.
    ints = [op for op in ops[persid + 1:persid + 8] if op[0] in ("BININT1", "BININT2", "BININT")]
    _, _, start, end = ints[1]
    return replace_op(data, start, end, b"J" + struct.pack("<i", 1000000))


def huge_first_param(data):
    """param_0's sizes (a, b) become (1000000, 1000000): 10^12 floats declared, a few hundred bytes stored."""
    ops, i = param_tensor_ops(data)
    # After the persistent id come the storage offset and then the sizes, each an int opcode.
    persid = next(j for j in range(i + 1, len(ops)) if ops[j][0] == "BINPERSID")
    ints = [(start, end) for name, _, start, end in ops[persid + 1:persid + 8]
            if name in ("BININT1", "BININT2", "BININT")][:3]
    # Replace from the back so earlier offsets stay valid.
    for start, end in reversed(ints[1:3]):
        data = replace_op(data, start, end, b"J" + struct.pack("<i", 1000000))
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vae-studio", help="the vae-studio binary (needed to regenerate the checkpoints)")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    make_idx()
    make_labels()
    make_cifar()
    make_npy()
    make_npz()
    make_presets()
    make_folders()
    if args.vae_studio:
        make_checkpoints(args.vae_studio)
    else:
        print("make_corpus: no --vae-studio given, checkpoint files left as they are", file=sys.stderr)


if __name__ == "__main__":
    main()
