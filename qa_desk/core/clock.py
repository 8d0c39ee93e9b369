"""The one place that says "now".

Services never call datetime.now(): they ask the session's clock. Demo data and tests use a FixedClock to
place events in the past and to move time forward so deadlines can be tested without waiting.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """Local wall-clock time with the machine's zone (GMP records carry the zone with every time)."""

    def now(self) -> datetime:
        return datetime.now().astimezone().replace(microsecond=0)

    def sleep(self, seconds: float) -> None:
        """Used to slow down repeated failed logins."""
        time.sleep(seconds)


class FixedClock:
    """A clock that only moves when told to; always timezone-aware."""

    def __init__(self, start: datetime, tz: tzinfo | None = None) -> None:
        if start.tzinfo is None:
            if tz is None:
                raise ValueError("FixedClock needs an aware datetime or a tz")
            start = start.replace(tzinfo=tz)
        self._now = start

    def now(self) -> datetime:
        return self._now

    def sleep(self, seconds: float) -> None:
        """Waiting on a fixed clock moves it on instead of blocking the test."""
        self._now = self._now + timedelta(seconds=seconds)

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            when = when.replace(tzinfo=self._now.tzinfo)
        self._now = when

    def advance(self, **kwargs: float) -> datetime:
        self._now = self._now + timedelta(**kwargs)
        return self._now


def iso(dt: datetime) -> str:
    """Timestamps are stored as ISO 8601 with their UTC offset, to the second."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime: every stored time carries its zone")
    return dt.isoformat(timespec="seconds")


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text)
