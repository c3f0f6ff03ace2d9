#!/usr/bin/env python3
"""Fails when a message of the GUI is untranslated or a translation is stale (issue 17, translations).

    check_translations.py --lupdate LUPDATE SOURCE_ROOT   check resources/translations/*.ts against the sources
    check_translations.py --lupdate LUPDATE --self-test   plant each kind of fault in a scratch tree

Runs lupdate over app/gui, app/core, app/export and widgets/ into a scratch copy of each .ts (the file in the
repository is left alone), then lists every message that is
  - unfinished: new or changed in the sources and not translated yet (or translated with an empty text),
  - vanished: in the .ts but no longer in the sources (its source text changed or went away),
  - broken: its translation lacks a %1..%9 or %n placeholder of the source, or the mnemonic '&' of a menu text.
To fix: cmake --build build --target update_translations, then translate what is listed (Qt Linguist, or edit
resources/translations/vae-studio_zh_CN.ts by hand) and rebuild.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

FOLDERS = ("app/gui", "app/core", "app/export", "widgets")
PLACEHOLDER = re.compile(r"%(?:[1-9]|n)")
# A mnemonic is '&' before a letter or digit; "&&" is a literal ampersand.
MNEMONIC = re.compile(r"(?<!&)&(?!&)[^\s&]")


def run_lupdate(lupdate, root, ts_path):
    folders = [f for f in FOLDERS if os.path.isdir(os.path.join(root, f))]
    result = subprocess.run([lupdate, "-locations", "absolute", "-I", root, *folders, "-ts", ts_path],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"lupdate failed ({result.returncode}):\n{result.stdout}")


def where(message, ts_path, root):
    location = message.find("location")
    if location is None:
        return ""
    # lupdate writes locations relative to the .ts file.
    filename = os.path.join(os.path.dirname(ts_path), location.get("filename", ""))
    filename = os.path.relpath(os.path.realpath(filename), os.path.realpath(root))
    return f" ({filename}:{location.get('line', '?')})"


def problems_in(ts_path, root):
    problems = []
    total = 0
    translated = 0
    for context in ET.parse(ts_path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            label = f"{name}: {source!r}{where(message, ts_path, root)}"
            if kind in ("vanished", "obsolete"):
                problems.append(f"vanished   {label}")
                continue
            total += 1
            forms = [f.text or "" for f in translation.iter("numerusform")] if message.get("numerus") == "yes" \
                else [translation.text or ""]
            if kind == "unfinished" or not all(form.strip() for form in forms):
                problems.append(f"unfinished {label}")
                continue
            translated += 1
            wanted = set(PLACEHOLDER.findall(source))
            for form in forms:
                missing = wanted - set(PLACEHOLDER.findall(form))
                if missing:
                    problems.append(f"broken     {label}: translation {form!r} lacks {' '.join(sorted(missing))}")
                if MNEMONIC.search(source) and not MNEMONIC.search(form):
                    problems.append(f"broken     {label}: translation {form!r} lacks the mnemonic '&'")
    return problems, translated, total


def check(lupdate, root):
    folder = os.path.join(root, "resources", "translations")
    ts_files = sorted(f for f in os.listdir(folder) if f.endswith(".ts")) if os.path.isdir(folder) else []
    if not ts_files:
        return [f"no .ts file in {folder}"], []
    problems, summaries = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for name in ts_files:
            copy = os.path.join(scratch, name)
            shutil.copy(os.path.join(folder, name), copy)
            run_lupdate(lupdate, root, copy)
            found, translated, total = problems_in(copy, root)
            problems += [f"{name}: {p}" for p in found]
            summaries.append(f"{name}: {translated} of {total} message(s) translated")
    return problems, summaries


def self_test(lupdate):
    source = ('#include <QObject>\n'
              'void f(QObject* o, int n) {\n'
              '  o->setObjectName(QObject::tr("&File"));\n'
              '  o->setObjectName(QObject::tr("Epoch %1").arg(n));\n'
              '  o->setObjectName(QObject::tr("%n image(s)", nullptr, n));\n'
              '}\n')
    complete = {"&File": "文件(&F)", "Epoch %1": "第 %1 轮"}

    def ts(translations, numerus="%n 张图像", extra=None):
        messages = "".join(
            f"<message><source>{ET_escape(s)}</source><translation>{ET_escape(t)}</translation></message>"
            for s, t in translations.items())
        messages += ('<message numerus="yes"><source>%n image(s)</source><translation>'
                     f"<numerusform>{numerus}</numerusform></translation></message>")
        if extra:
            messages += f"<message><source>{extra}</source><translation>旧</translation></message>"
        return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="zh_CN">'
                f"<context><name>QObject</name>{messages}</context></TS>\n")

    cases = [
        ("complete", ts(complete), None),
        ("a new string", ts({"&File": "文件(&F)"}), "unfinished"),
        ("an empty numerus form", ts(complete, numerus=""), "unfinished"),
        ("a string gone from the sources", ts(complete, extra="Old text"), "vanished"),
        ("a lost placeholder", ts({"&File": "文件(&F)", "Epoch %1": "轮次"}), "lacks %1"),
        ("a lost mnemonic", ts({"&File": "文件", "Epoch %1": "第 %1 轮"}), "mnemonic"),
    ]
    failures = 0
    for label, text, expected in cases:
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "app", "gui"))
            os.makedirs(os.path.join(root, "resources", "translations"))
            with open(os.path.join(root, "app", "gui", "a.cpp"), "w") as f:
                f.write(source)
            with open(os.path.join(root, "resources", "translations", "t_zh_CN.ts"), "w", encoding="utf-8") as f:
                f.write(text)
            problems, _ = check(lupdate, root)
            if expected is None and problems:
                print(f"self-test: {label}: reported {problems}")
                failures += 1
            elif expected is not None and not any(expected in p for p in problems):
                print(f"self-test: {label} was not caught (expected '{expected}', got {problems})")
                failures += 1
    print("self-test:", "passed" if failures == 0 else f"{failures} failure(s)")
    return 1 if failures else 0


def ET_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    args = sys.argv[1:]
    if len(args) < 3 or args[0] != "--lupdate":
        print(__doc__)
        return 2
    lupdate = args[1]
    if args[2] == "--self-test":
        return self_test(lupdate)
    root = os.path.abspath(args[2])
    problems, summaries = check(lupdate, root)
    for p in problems:
        print(p)
    for s in summaries:
        print(s)
    if problems:
        print(f"i18n: {len(problems)} problem(s). Run: cmake --build build --target update_translations, "
              "then translate the messages listed above in resources/translations/")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
