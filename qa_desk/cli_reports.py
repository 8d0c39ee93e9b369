"""``qa-desk --user U report monthly --month YYYY-MM --out F.pdf`` and ``qa-desk --user U report product-review
--product NAME --year YYYY --out F.pdf``: the periodic reports (issue 16 item 5) from the command line. Parses,
calls ``qa_desk.documents.reports``, prints, exits; no rules live here. ``qa_desk.cli`` registers the subcommand.

Before the report the early-warning scan runs (as the dashboard does), so the report lists every signal the
register shows today; a user who may not scan (no QA role) is refused by the report's own permission anyway.
The review itself is signed in the app (``qa_desk.core.reviews.sign``)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub) -> None:
    """The ``report`` subcommand and its two kinds, on ``qa-desk``'s subparsers."""
    rp = sub.add_parser("report", help="the periodic reports as PDF: the monthly register review, the complaints "
                                       "section of the annual product quality review")
    kinds = rp.add_subparsers(dest="kind", required=True)
    m = kinds.add_parser("monthly", help="the monthly review of the register (China GMP art. 276)")
    m.add_argument("--month", required=True, help="YYYY-MM")
    m.add_argument("--out", type=Path, required=True)
    p = kinds.add_parser("product-review", help="the complaints section of a product's annual quality review")
    p.add_argument("--product", required=True, help="the product name as registered")
    p.add_argument("--year", required=True, help="YYYY")
    p.add_argument("--out", type=Path, required=True)
    for parser in (m, p):
        parser.add_argument("--no-scan", action="store_true", help="do not run the early-warning scan first")


def run(args: argparse.Namespace, db_path: Path, lang: str) -> int:
    from qa_desk.cli import _login, _say, _with_progress
    from qa_desk.core import review_data, reviews, signals
    from qa_desk.documents import reports

    session = _login(args, db_path, lang)
    session.require(reviews.PRINT_ACTION)
    today = session.now().date()
    if args.kind == "monthly":  # the period is checked before anything runs: a typo costs nothing
        period = review_data.parse_month(args.month, today)
    else:
        period = str(review_data.parse_year(args.year, today))
        review_data.check_product(session.db, args.product)
    if not args.no_scan and session.may("qa_work"):
        signals.scan(session)
    if args.kind == "monthly":
        result = _with_progress(lang, "生成月度审核报告", "Writing the monthly review",
                                lambda bar: reports.print_monthly(session, period, args.out, progress=bar))
        what_zh, what_en = f"{period} 月度审核报告", f"the monthly review of {period}"
    else:
        result = _with_progress(lang, "生成产品质量回顾（投诉部分）", "Writing the product review",
                                lambda bar: reports.print_product_review(session, args.product, period, args.out,
                                                                         progress=bar))
        what_zh, what_en = f"{args.product} {period} 年度产品质量回顾（投诉部分）", \
            f"the product review of {args.product} for {period}"
    state_zh = {"unsigned": "尚未签名", "open": "尚未签名", "reviewed": "部长已审核，待质量受权人知悉",
                "informed": "部长已审核，质量受权人已知悉"}[result["status"]]
    state_en = {"unsigned": "not yet signed", "open": "not yet signed", "reviewed": "reviewed by the QA head, "
                "awaiting the authorised person", "informed": "reviewed and acknowledged"}[result["status"]]
    _say(lang, f"已生成 {args.out}：{what_zh}，{result['total']} 条投诉，{result['signals']} 个预警信号，{state_zh}；"
               f"内容 SHA-256 {result['sha256']}",
         f"Wrote {args.out}: {what_en}, {result['total']} complaints, {result['signals']} signals, {state_en}; "
         f"content SHA-256 {result['sha256']}")
    return 0
