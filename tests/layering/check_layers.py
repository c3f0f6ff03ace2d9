#!/usr/bin/env python3
"""Fails when a file includes a layer above its own (DESIGN.md "Layers"; dependencies point down only).

    check_layers.py SOURCE_ROOT     check the project
    check_layers.py --self-test     plant one wrong include per rule in a scratch tree and expect each caught

The layers, lowest first: model/ (LibTorch, no Qt), widgets/ (Qt Widgets, no LibTorch), app/core (Qt Core/Gui
+ LibTorch, no Widgets), app/export, app/gui and app/cli (siblings: neither includes the other), app/bench,
app/main.cpp. Tests mirror the tree and may include only what their layer may, plus tests/support/.
"""
import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)

# What each source folder may include of the project ("model/", "app/core/", ...).
ALLOWED = {
    "model": {"model"},
    "widgets": {"widgets"},
    "app/core": {"model", "app/core"},
    "app/export": {"model", "widgets", "app/core", "app/export"},
    "app/gui": {"model", "widgets", "app/core", "app/export", "app/gui"},
    "app/cli": {"model", "widgets", "app/core", "app/export", "app/cli"},
    "app/bench": {"model", "widgets", "app/core", "app/export", "app/gui", "app/cli", "app/bench"},
    "app": {"model", "widgets", "app/core", "app/export", "app/gui", "app/cli", "app/bench"},  # main.cpp
}
# Tests may include what the layer they test may, and the shared fixtures.
TESTS = {
    "tests/model": "model",
    "tests/widgets": "widgets",
    "tests/app/core": "app/core",
    "tests/app/export": "app/export",
    "tests/app/gui": "app/gui",
}
PROJECT_PREFIXES = ("model/", "widgets/", "app/", "tests/support/")
# Libraries a layer must not see at all: Qt in model/, LibTorch in widgets/, Qt Widgets in app/core.
FORBIDDEN_SYSTEM = {
    "model": re.compile(r"^Q[A-Z]|^Qt"),
    "widgets": re.compile(r"^(torch|ATen|c10)/"),
    "app/core": None,  # filled from the installed QtWidgets headers below
}


def qt_widgets_headers():
    for base in ("/usr/include/x86_64-linux-gnu/qt6/QtWidgets", "/usr/include/qt6/QtWidgets"):
        if os.path.isdir(base):
            return {name for name in os.listdir(base) if name.startswith("Q") and "." not in name}
    # Without Qt's headers installed, the common ones.
    return {"QWidget", "QApplication", "QDialog", "QLabel", "QMainWindow", "QPushButton", "QMessageBox"}


def project_part(path):
    for prefix in PROJECT_PREFIXES:
        if path.startswith(prefix):
            if prefix == "app/":
                parts = path.split("/")
                return "app/" + parts[1] if len(parts) > 2 else "app"
            return prefix.rstrip("/")
    return None


def layer_of(relative):
    """The layer rules for a file: (allowed project parts, its own layer name)."""
    folder = os.path.dirname(relative)
    for tests, layer in TESTS.items():
        if folder == tests:
            return ALLOWED[layer] | {"tests/support"}, layer
    if folder in ALLOWED:
        return ALLOWED[folder], folder
    return None, None


def check(root):
    widgets = qt_widgets_headers()
    problems = []
    for top in ("model", "widgets", "app", "tests"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for name in files:
                if not name.endswith((".h", ".cpp")):
                    continue
                path = os.path.join(dirpath, name)
                relative = os.path.relpath(path, root)
                allowed, layer = layer_of(relative)
                if allowed is None:
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                for match in INCLUDE.finditer(text):
                    kind, target = match.groups()
                    line = text.count("\n", 0, match.start()) + 1
                    part = project_part(target) if kind == '"' else None
                    if part is not None and part not in allowed:
                        problems.append(f"{relative}:{line}: {layer} includes {target} ({part} is not below it)")
                    if kind == "<":
                        pattern = FORBIDDEN_SYSTEM.get(layer, None)
                        if layer == "app/core" and target.split("/")[-1] in widgets:
                            problems.append(f"{relative}:{line}: app/core includes Qt Widgets' <{target}>")
                        elif pattern is not None and pattern.search(target):
                            problems.append(f"{relative}:{line}: {layer} includes <{target}>")
    return problems


def self_test():
    plants = {
        "app/core/a.cpp": '#include "app/gui/mainwindow.h"\n',
        "app/export/b.cpp": '#include "app/gui/explorepanel.h"\n',
        "app/cli/c.cpp": '#include "app/bench/benchsupport.h"\n',
        "app/gui/d.cpp": '#include "app/cli/clicommon.h"\n',
        "app/core/e.cpp": "#include <QWidget>\n",
        "model/f.cpp": "#include <QString>\n",
        "widgets/g.cpp": "#include <torch/torch.h>\n",
        "widgets/h.cpp": '#include "model/vae.h"\n',
        "tests/app/core/test_i.cpp": '#include "app/export/exporter.h"\n',
    }
    fine = {
        "app/gui/ok.cpp": '#include "app/core/latentdecoder.h"\n#include "widgets/lossplot.h"\n#include <QWidget>\n',
        "app/core/ok.cpp": '#include "model/trainer.h"\n#include <QImage>\n',
        "tests/app/gui/test_ok.cpp": '#include "app/gui/mainwindow.h"\n#include "tests/support/fixtures.h"\n',
    }
    failures = 0
    with tempfile.TemporaryDirectory() as root:
        for relative, text in fine.items():
            os.makedirs(os.path.join(root, os.path.dirname(relative)), exist_ok=True)
            with open(os.path.join(root, relative), "w") as f:
                f.write(text)
        if check(root):
            print("self-test: allowed includes were reported:", check(root))
            failures += 1
        for relative, text in plants.items():
            path = os.path.join(root, relative)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            found = [p for p in check(root) if p.startswith(relative + ":")]
            if not found:
                print(f"self-test: {relative} ({text.strip()}) was not caught")
                failures += 1
            os.remove(path)
    print("self-test:", "passed" if failures == 0 else f"{failures} failure(s)")
    return 1 if failures else 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    problems = check(sys.argv[1])
    for p in problems:
        print(p)
    print(f"layering: {len(problems)} upward include(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
