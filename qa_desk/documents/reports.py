"""The periodic reports as PDF (issue 16 item 5): the monthly register review (China GMP art. 276) and the
complaints section of the annual product quality review, each a controlled form (forms/monthly_review.toml,
forms/product_review.toml) with charts and tables, audited as a print.

The figures are ``qa_desk.core.review_data``'s; the review record and its two signatures ``qa_desk.core.reviews``'s.
The printout carries the QA head's "reviewed" and the quality VP's "informed" manifestations once signed ("not yet
signed" otherwise), says whether the figures printed are the ones reviewed, and the file's anchors. Printing does
not create a review record: the app does when the QA head opens the review to sign it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qa_desk.core import review_data, reviews
from qa_desk.core.session import Session
from qa_desk.documents import pdf, reports_monthly, reports_product
from qa_desk.documents import reports_common as C

Progress = Callable[[int, int], None]


def print_monthly(session: Session, month: str, out: Path, *, progress: Progress | None = None) -> dict:
    """The monthly register review of ``month`` ('YYYY-MM'); returns what was printed (content hash, counts)."""
    session.require(reviews.PRINT_ACTION)
    month = review_data.parse_month(month, session.now().date())
    f = pdf.form("monthly_review")
    _step(progress, 1)
    data = reviews.content(session, reviews.Kind.MONTHLY, month)
    digest = reviews.content_hash(data)
    review = reviews.find(session.db, reviews.Kind.MONTHLY, month)
    changed = reviews.changed_sections(session.db, review, data)
    _step(progress, 2)
    story = reports_monthly.story(session, f, data, review, changed, digest)
    page = C.page(session, f, month)
    C.publish_report(session, out, lambda part: pdf.build(part, story, page), review, f, digest,
                     {"month": month, "complaints": data["total"]})
    _step(progress, 3)
    return {"sha256": digest, "total": data["total"], "signals": len(data["signals"]),
            "status": review["status"] if review else "unsigned"}


def print_product_review(session: Session, product: str, year, out: Path, *, progress: Progress | None = None) -> dict:
    """The complaints section of the annual product quality review of ``product`` for ``year``."""
    session.require(reviews.PRINT_ACTION)
    year = review_data.parse_year(year, session.now().date())
    product = review_data.check_product(session.db, product)
    f = pdf.form("product_review")
    _step(progress, 1)
    data = reviews.content(session, reviews.Kind.PRODUCT, str(year), product)
    digest = reviews.content_hash(data)
    review = reviews.find(session.db, reviews.Kind.PRODUCT, str(year), product)
    changed = reviews.changed_sections(session.db, review, data)
    _step(progress, 2)
    story = reports_product.story(session, f, data, review, changed, digest)
    page = C.page(session, f, f"{product} {year}")
    C.publish_report(session, out, lambda part: pdf.build(part, story, page), review, f, digest,
                     {"product": product, "year": year, "complaints": data["total"]})
    _step(progress, 3)
    return {"sha256": digest, "total": data["total"], "signals": len(data["signals"]),
            "status": review["status"] if review else "unsigned"}


def _step(progress: Progress | None, i: int) -> None:
    if progress:
        progress(i, 3)
