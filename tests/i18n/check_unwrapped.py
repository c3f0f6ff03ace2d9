#!/usr/bin/env python3
"""Fails when a user-visible string literal reaches a Qt text setter without tr() (issue 17, translations).

    check_unwrapped.py SOURCE_ROOT     check app/gui, app/core, app/export and widgets/
    check_unwrapped.py --self-test     plant unwrapped literals in a scratch tree and expect each caught

A literal counts as wrapped when the innermost call around it (QStringLiteral, QLatin1String, QString and
QStringView are looked through) is tr(), QCoreApplication::translate(), QT_TR_NOOP or QT_TRANSLATE_NOOP.
Literals without a letter ("%1 / %2", "×", "") are not text. Genuine non-text with letters (a file name, an
icon name passed through a setter, a format like "%1 MB" is NOT one of them) goes into allow_unwrapped.txt
beside this script, one literal per line, exactly as written between the quotes.

The CLI (app/cli, app/bench) is not checked: its output stays English, since scripts parse it.
"""
import os
import re
import sys
import tempfile

FOLDERS = ("app/gui", "app/core", "app/export", "widgets")

# Calls whose arguments a user reads. Member setters are matched after '.', '->' or '::'.
SETTERS = (
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setWhatsThis", "setPlaceholderText",
    "addAction", "addMenu", "setTitle", "showMessage", "setLabelText", "setHeaderLabels",
    "setHorizontalHeaderLabels", "setVerticalHeaderLabels", "addTab", "insertTab", "setTabText",
    "setTabToolTip", "setItemText", "addItem", "addItems", "insertItem", "setSuffix", "setPrefix",
    "setSpecialValueText", "setInformativeText", "setDetailedText", "setAccessibleName",
    "setAccessibleDescription", "addRow", "setFormat", "setIconText", "setButtonText", "setLabel",
    "setNameFilter", "setNameFilters", "setWindowFilePath", "addButton", "setDefaultSuffixText",
    "getOpenFileName", "getSaveFileName", "getExistingDirectory", "getOpenFileNames", "getText", "getInt",
    "getDouble", "getItem", "information", "warning", "critical", "question", "about", "setCaption",
    "setName", "setAxisLabel", "setLegendText", "addSection", "setPlainText", "setHtml", "setMarkdown",
)
# Constructors of widgets that show their first text argument.
CONSTRUCTED = (
    "QLabel", "QPushButton", "QToolButton", "QAction", "QGroupBox", "QCheckBox", "QRadioButton", "QMenu",
    "QMessageBox", "QDockWidget", "QCommandLinkButton", "QProgressDialog", "QInputDialog", "QTreeWidgetItem",
    "QListWidgetItem", "QTableWidgetItem", "QStandardItem",
)
# Item setters whose arguments after the text are item data (addItem(text, userData)).
ITEM_SETTERS = {"addItem", "insertItem", "addAction"}
WRAPPERS = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP", "QT_TR_N_NOOP", "QT_TRANSLATE_N_NOOP", "qtTrId"}
TRANSPARENT = {"QStringLiteral", "QLatin1String", "QLatin1StringView", "QString", "QStringView", "u8", "QByteArray",
               "QLatin1Char", "QChar"}
# Calls whose literal arguments are names, not text, wherever they appear inside a setter's arguments.
NOT_TEXT = {"fromTheme", "QIcon", "QKeySequence", "QUrl", "QColor", "setObjectName", "objectName", "property",
            "setProperty", "value", "contains", "startsWith", "endsWith", "QRegularExpression", "QFont",
            "fromUtf8", "qgetenv", "findChild", "findChildren", "QPixmap", "QImage", "connect", "SIGNAL", "SLOT",
            "<lambda>", "fileName", "filePath", "absoluteFilePath", "QDir", "QFile", "QFileInfo", "split", "join",
            "remove", "replace", "indexOf", "section", "sprintf", "asprintf"}

CALL = re.compile(
    r"(?:(?:\.|->|::)\s*(?P<setter>" + "|".join(SETTERS) + r")\s*\()"
    r"|(?:\b(?P<ctor>" + "|".join(CONSTRUCTED) + r")\b\s*(?:\*\s*)?(?:[A-Za-z_]\w*\s*)?[({])"
)
# "= <initialiser>;" after a name, string literals (which may hold ';') kept whole.
DEFINITION = r"\b(?:\s*\[\w*\])?\s*=\s*((?:\"(?:[^\"\\\\]|\\\\.)*\"|[^;\"])*);"
TR_OF_NAME = re.compile(r"\btr\(\s*(k[A-Z]\w*)\s*[,)]")
NOOP = re.compile(r'QT_TR_NOOP\(\s*"(?:[^"\\]|\\.)*"\s*\)|QT_TRANSLATE_NOOP\(\s*"[^"]*"\s*,\s*"(?:[^"\\]|\\.)*"\s*\)')
UNMARKED = re.compile(r'"[^"]*[A-Za-z][^"]*"')
IDENT_BEFORE = re.compile(r"([A-Za-z_]\w*)\s*$")
LETTER = re.compile(r"[A-Za-z]")


def strip_comments(text):
    """Blanks comments (keeping newlines and string literals) so positions and line numbers stay."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
        elif c == '"' or (c == "'" and not (i > 0 and text[i - 1].isalnum())):
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def literals_in_call(text, open_pos):
    """Yields (position, literal, innermost call names outward) for each string literal inside the call whose
    opening bracket is at open_pos, stopping at the matching close."""
    stack = [None]  # names of the calls we are inside, relative to the setter's own bracket
    i, n = open_pos + 1, len(text)
    close = {"(": ")", "{": "}", "[": "]"}
    brackets = [text[open_pos]]
    # addItem(tr("Text"), QStringLiteral("data")): what follows a translated text argument is item data.
    text_seen = False
    while i < n and brackets:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            callers = [name for name in reversed(stack) if name is not None]
            if not text_seen:
                yield i, text[i + 1:j], callers
            i = j + 1
            continue
        if c == "," and len(brackets) == 1 and wrapped_text_before(text, open_pos, i):
            text_seen = True
        if c == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c in close:
            match = IDENT_BEFORE.search(text, max(0, i - 60), i)
            if c == "{" and re.search(r"(\)|\]|mutable)\s*$", text[max(0, i - 40):i]):
                stack.append("<lambda>")  # code run later, not text shown by this call
            else:
                stack.append(match.group(1) if match and c == "(" else "")
            brackets.append(c)
        elif c in ")}]":
            brackets.pop()
            if len(stack) > 1:
                stack.pop()
        i += 1


def wrapped_text_before(text, open_pos, comma):
    """Whether the call's top-level arguments before this comma hold a translated text (only for item setters
    whose later arguments are data)."""
    name = IDENT_BEFORE.search(text, max(0, open_pos - 60), open_pos)
    if not name or name.group(1) not in ITEM_SETTERS:
        return False
    return re.search(r"\b(tr|translate)\s*\(", text[open_pos:comma]) is not None


def wrapped(callers):
    for name in callers:
        if name in TRANSPARENT or name == "":
            continue
        return name in WRAPPERS or name in NOT_TEXT
    return False


def load_allowed(path):
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as f:
        return {line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")}


def check(root, allowed):
    problems = []
    for folder in FOLDERS:
        base = os.path.join(root, folder)
        if not os.path.isdir(base):
            continue
        for name in sorted(os.listdir(base)):
            if not name.endswith((".cpp", ".h")):
                continue
            path = os.path.join(base, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = strip_comments(f.read())
            # tr(kName): lupdate sees only a literal marked where kName is defined (QT_TR_NOOP/QT_TRANSLATE_NOOP).
            for used in set(TR_OF_NAME.findall(text)):
                definitions = re.compile(r"\b" + re.escape(used) + DEFINITION)
                for definition in definitions.finditer(text):
                    if UNMARKED.search(NOOP.sub("", definition.group(1))):
                        line = text.count("\n", 0, definition.start()) + 1
                        problems.append(f"{folder}/{name}:{line}: {used} is translated with tr({used}) but its "
                                        "text is not marked with QT_TR_NOOP/QT_TRANSLATE_NOOP, so lupdate misses it")
            for call in CALL.finditer(text):
                opening = call.end() - 1
                what = call.group("setter") or call.group("ctor")
                for pos, literal, callers in literals_in_call(text, opening):
                    if not LETTER.search(literal) or literal in allowed or wrapped(callers):
                        continue
                    line = text.count("\n", 0, pos) + 1
                    problems.append(f'{folder}/{name}:{line}: "{literal}" reaches {what}() without tr()')
    return sorted(set(problems))


def self_test():
    plants = {
        "app/gui/a.cpp": 'void f() { label->setText("Training"); }\n',
        "app/gui/b.cpp": 'void f() { w->setToolTip(QStringLiteral("Learning rate")); }\n',
        "app/core/c.cpp": 'void f() { menu->addAction(icon, QString("Open"), this, &X::y); }\n',
        "app/export/d.cpp": 'void f() { QMessageBox::warning(this, tr("Export"), "Could not write %1"); }\n',
        "widgets/e.cpp": 'auto* l = new QLabel(QLatin1String("Latent dim"), this);\n',
        "widgets/f.cpp": 'void f() { box->setTitle(ok ? tr("Fine") : "Broken"); }\n',
        "app/gui/g.cpp": 'void f() { statusBar()->showMessage(QString("Epoch %1").arg(n)); }\n',
        "app/gui/h.cpp": 'QPushButton button("Start", this);\n',
        "app/gui/i.cpp": 'const char* const kFilter = "Presets (*.json);;All (*)";\nvoid f() { g(tr(kFilter)); }\n',
    }
    fine = {
        "app/gui/ok.cpp": (
            'void f() {\n'
            '  label->setText(tr("Training"));\n'
            '  label->setText(QString("%1 / %2").arg(a).arg(b));\n'
            '  w->setToolTip(QCoreApplication::translate("Ctx", "Learning rate"));\n'
            '  menu->addAction(QIcon::fromTheme("document-open"), tr("&Open"));\n'
            '  // label->setText("commented out");\n'
            '  label->setText(QStringLiteral("VAE Studio"));\n'
            '  auto* b = new QPushButton(tr("Start"), this);\n'
            '}\n'
            'const char* const kNames[] = {QT_TR_NOOP("One"), QT_TRANSLATE_NOOP("Ctx", "Two")};\n'
            'void g() { h(tr(kNames[0])); }\n'),
    }
    allowed = {"VAE Studio"}
    failures = 0
    with tempfile.TemporaryDirectory() as root:
        for relative, text in fine.items():
            os.makedirs(os.path.join(root, os.path.dirname(relative)), exist_ok=True)
            with open(os.path.join(root, relative), "w") as f:
                f.write(text)
        if check(root, allowed):
            print("self-test: wrapped or allowed strings were reported:", check(root, allowed))
            failures += 1
        for relative, text in plants.items():
            path = os.path.join(root, relative)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            found = [p for p in check(root, allowed) if p.startswith(relative + ":")]
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
    allowed = load_allowed(os.path.join(os.path.dirname(os.path.abspath(__file__)), "allow_unwrapped.txt"))
    problems = check(sys.argv[1], allowed)
    for p in problems:
        print(p)
    print(f"i18n: {len(problems)} user-visible literal(s) without tr(); wrap them, or list genuine non-text "
          f"in tests/i18n/allow_unwrapped.txt")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
