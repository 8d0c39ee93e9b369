"""``qa-desk batches import FILE [--dry-run] [--date-order ORDER]`` and ``qa-desk batches list [--find TEXT]``:
the batch register from the command line (issue 16 item 1). Parses, calls ``qa_desk.core.batch_import`` /
``qa_desk.core.batches``, prints, exits; no rules live here. ``qa_desk.cli`` registers the subcommand."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub) -> None:
    """The ``batches`` subcommand and its verbs, on ``qa-desk``'s subparsers."""
    bt = sub.add_parser("batches", help="the batch register (denominators of complaint rates): import, list")
    verbs = bt.add_subparsers(dest="verb", required=True)
    imp = verbs.add_parser("import", help="import batches from a CSV or xlsx file (product, batch, dates, quantity "
                                          "released, unit, release date); refused whole if any row has a problem")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="show what would happen, row by row; write nothing")
    imp.add_argument("--date-order", choices=["ymd", "mdy", "dmy"],
                     help="how to read day/month-first dates such as 04/02/2025 (never guessed)")
    ls = verbs.add_parser("list", help="the registered batches, tab-separated with a header (batches import reads "
                                       "it back); the count goes to stderr")
    ls.add_argument("--find", help="only batches whose product, strength or batch number contains this text")
    ls.add_argument("--product", help="only this product")


def run(args: argparse.Namespace, db_path: Path, lang: str) -> int:
    from qa_desk.cli import _login, _say

    session = _login(args, db_path, lang)
    if args.verb == "list":
        return _list(session, args, lang)
    return _import(session, args, lang, _say)


def _list(session, args, lang: str) -> int:
    from qa_desk.cli import _say
    from qa_desk.core import batches as B

    session.require(B.VIEW)
    rows = B.find(session.db, text=args.find, product=args.product, limit=1_000_000)
    print("\t".join(B.label(f, lang) for f in B.FIELDS))
    for r in rows:
        print("\t".join(_cell(r[f]) for f in B.FIELDS))
    # the count on stderr: stdout is a table that ``batches import`` reads back as it is
    _say(lang, f"共 {len(rows)} 个批次", f"{len(rows)} batches", err=True)
    return 0


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _import(session, args, lang: str, say) -> int:
    from qa_desk.core import batch_import as BI
    from qa_desk.core.typed_values import DateOrder
    from qa_desk.documents import importer

    order = DateOrder(args.date_order) if args.date_order else None
    ledger = importer.read(args.file)
    work = BI.plan if args.dry_run else BI.run
    try:
        result = work(session, ledger, filename=args.file.name, sha256=ledger.sha256, order=order)
    except BI.BatchImportRefused as exc:
        for line in exc.plan.lines(lang):
            print(line)
        say(lang, exc.plan.summary("zh_CN"), exc.plan.summary("en"))
        exc.problems = []  # each row is printed above; the error line says how many and which
        raise
    for line in result.lines(lang):
        print(line)
    if args.dry_run:
        say(lang, f"试运行：{result.summary('zh_CN')}；未写入任何数据。", f"Dry run: {result.summary('en')}; nothing written.")
        return 1 if result.errors else 0
    say(lang, f"已导入：{result.summary('zh_CN')}。", f"Imported: {result.summary('en')}.")
    return 0
