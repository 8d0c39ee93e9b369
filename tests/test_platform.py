"""Facts about the installed Qt bindings that the app relies on, checked on every run.

PySide6 6.12.0 drops a reference to None on every ``QTableWidget.setItem`` and ``QListWidget.addItem``. On
Python 3.11, where None is an ordinary counted object, a few thousand rows (an audit-trail review of a busy
month, a window built again after a language switch) make the count reach zero and Python aborts with
"Fatal Python error: none_dealloc". pyproject.toml excludes that release; this test fails on any release that
brings the fault back, before a user meets it.
"""

from __future__ import annotations

import gc
import sys

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QListWidget, QTableWidget, QTableWidgetItem  # noqa: E402

ROWS = 500  # enough to see the loss (two per row), few enough not to exhaust None here


def test_filling_item_widgets_keeps_none_alive(qapp):
    table, listing = QTableWidget(ROWS, 1), QListWidget()
    gc.collect()
    before = sys.getrefcount(None)
    for i in range(ROWS):
        table.setItem(i, 0, QTableWidgetItem(str(i)))
        listing.addItem(str(i))
    gc.collect()
    lost = before - sys.getrefcount(None)
    assert lost < 50, f"the Qt bindings dropped {lost} references to None while filling {ROWS} rows"
