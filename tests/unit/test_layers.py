"""Every import points down the layers: the import-linter contract of pyproject.toml, kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_the_layers_contract_is_kept():
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "1 kept, 0 broken" in done.stdout


def test_rooms_stay_small():
    """No module over 400 lines (views/strings.py, a table of strings, aside), no function over 60: a room that
    grows past one job is split in the same change (CONTRIBUTING.md)."""
    import ast

    big, long = [], []
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "views").rglob("*.py"), ROOT / "app.py"]:
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 400 and path.name != "strings.py":
            big.append(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert big == [] and long == []


def test_function_local_imports_say_why():
    """An import inside a function buys something (a heavy or optional dependency, a fast `--help`): a comment
    on it, or on the line above, says what."""
    import ast

    silent = []
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "views").rglob("*.py")]:
        lines = path.read_text(encoding="utf-8").splitlines()
        for func in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            imports = [n for n in ast.walk(func) if isinstance(n, (ast.Import, ast.ImportFrom))]
            if imports and not any("#" in lines[n.lineno - 1] or lines[n.lineno - 2].strip().startswith("#")
                                   for n in imports):
                silent.append(f"{path.relative_to(ROOT)}:{imports[0].lineno}")
    assert silent == []


def test_every_name_imported_from_balises_exists():
    """The scripts beside the package (benchmarks/, views/, the tests, and the code they pass to `python -c`)
    import names that exist: a module moved or renamed is caught here, not in the next benchmark run."""
    import ast
    import importlib
    import re

    wanted: set[tuple[str, str]] = set()
    in_text = re.compile(r"from (balises[\w.]*) import ([\w, ]+)")
    files = [*(ROOT / "benchmarks").glob("*.py"), *(ROOT / "views").rglob("*.py"), ROOT / "app.py",
             *(ROOT / "tests").rglob("*.py"), *(ROOT / "src").rglob("*.py")]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("balises"):
                wanted |= {(node.module, alias.name) for alias in node.names}
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                for module, names in in_text.findall(node.value):
                    wanted |= {(module, name.strip()) for name in names.split(",") if name.strip()}
    missing = []
    for module, name in sorted(wanted):
        try:
            found = importlib.import_module(module)
        except ImportError as exc:
            missing.append(f"{module}: {exc}")
            continue
        if not hasattr(found, name):
            try:
                importlib.import_module(f"{module}.{name}")
            except ImportError:
                missing.append(f"{module}.{name}")
    assert missing == []
