"""Search figures (issue 14): the triage view's search as the view runs it, on files of 1,000 and 100,000
complaints. Goal: under 100 ms (median) for every query, broad ones included (one common character matches
half the file).

Each figure is ``TriageModel.reload()`` with the search text set: the pinned Class I complaints, the first page
of ids in the view's order and the total the view shows. The bench file is copied first and opened through
``open_database`` (which migrates an older file), so the cached original is never changed.

Run: python bench/bench_search.py [--sizes 1000 100000] [--file some.sqlite3] [--runs 11]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from datagen import PASSWORD, fill  # noqa: E402

# (what it stands for, what is typed)
QUERIES = (
    ("one common CJK character", "差"),
    ("one common CJK character", "破"),
    ("one CJK character, in most texts", "要"),
    ("one CJK character, in half the texts", "医"),
    ("one CJK character, in a third", "品"),
    ("two-character word", "破损"),
    ("longer CJK phrase", "胶囊破损"),
    ("traditional form", "質量"),
    ("two-letter Latin fragment", "mg"),
    ("two-letter Latin fragment, common", "th"),
    ("Latin word start", "amox"),
    ("last digits of a batch", "112"),
    ("batch, two digits", "05"),
    ("name, one character", "张"),
    ("rare word", "霉斑"),
    ("no match", "zzqx"),
)


def working_copy(path: Path) -> Path:
    """A copy of the bench file in a temporary folder (migrated on open; the original stays as it is)."""
    folder = Path(tempfile.mkdtemp(prefix="qa-bench-search-"))
    copy = folder / path.name
    shutil.copyfile(path, copy)
    return copy


# the work list's status filter as the view sets it: its default (open complaints) and "all statuses"
# and a class tab (few pinned complaints there: the page itself is read)
SCOPES = (("open complaints", True, ()), ("all statuses", False, ()), ("class II tab, open", True, ("II",)))


def measure(path: Path, runs: int) -> list[tuple[str, str, str, float, int]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication

    from qa_desk.core import users
    from qa_desk.core.database import open_database
    from qa_desk.core.session import Session
    from qa_desk.ui.triage_model import TriageModel

    QCoreApplication.instance() or QCoreApplication([])
    s = users.login(Session(open_database(path).db), "inspector", PASSWORD)
    model = TriageModel(s)
    model.reload()
    out = []
    for scope, open_only, classes in SCOPES:
        model.filter.open_only, model.filter.classes = open_only, classes
        for what, text in QUERIES:
            model.filter.text = text
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                model.reload()
                times.append((time.perf_counter() - t) * 1000)
            out.append((scope, what, text, statistics.median(times), model.total))
    model.filter.text = None
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 100_000])
    ap.add_argument("--file", type=Path, action="append", default=[], help="a bench file to use instead")
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args()
    files = args.file or [fill(n) for n in args.sizes]
    for original in files:
        copy = working_copy(original)
        try:
            results = measure(copy, args.runs)
        finally:
            shutil.rmtree(copy.parent, ignore_errors=True)
        print(f"\n{original.name}: median of {args.runs} runs of TriageModel.reload() with the search text")
        for scope, what, text, ms, total in results:
            flag = "" if ms < 100 else "  OVER 100 ms"
            print(f"  {scope:18} {what:38} {text!r:8} {ms:7.1f} ms {total:7d} found{flag}")


if __name__ == "__main__":
    main()
