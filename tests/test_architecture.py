"""The GUI-free core: nothing under qa_desk/core or qa_desk/store imports Qt, at import or in source."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import qa_desk

PKG = Path(qa_desk.__file__).parent


def test_core_and_store_sources_never_import_pyside():
    offenders = []
    for folder in ("core", "store"):
        for path in (PKG / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("PySide6", "shiboken6")]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt():
    modules = [f"qa_desk.{p.parent.name}.{p.stem}" for f in ("core", "store") for p in (PKG / f).glob("*.py")
               if p.stem != "__init__"] + ["qa_desk.cli", "qa_desk.demo"]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + \
           "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_resources_found_from_any_directory(tmp_path):
    code = "from qa_desk.paths import policy_dir, font_path; print(policy_dir().is_dir(), font_path().is_file())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert out.stdout.strip() == "True True"
