"""Working-day deadlines over the official holiday calendar.

第二十六条: information to be disclosed proactively is published within 20 working days
of being formed or changed. Counting starts the day after, as administrative time
limits do; weekends are off unless the calendar makes them 调休 working days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from core.errors import InvalidInput

DEFAULT_CALENDAR = Path(__file__).resolve().parent / "conf" / "holidays.yaml"
PROACTIVE_DISCLOSURE_DAYS = 20  # 第二十六条
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$")


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    years: frozenset[int] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def covers(self, day: date) -> bool:
        return day.year in self.years


@dataclass(frozen=True)
class Deadline:
    due: date
    #: False when the calendar lacks a year the count ran through (weekends only there).
    calendar_complete: bool


def add_working_days(start: date, days: int, calendar: Calendar) -> Deadline:
    day, left, complete = start, days, True
    while left > 0:
        day += timedelta(days=1)
        complete = complete and calendar.covers(day)
        if calendar.is_working_day(day):
            left -= 1
    return Deadline(day, complete)


def disclosure_deadline(formed: date, calendar: Calendar) -> Deadline:
    return add_working_days(formed, PROACTIVE_DISCLOSURE_DAYS, calendar)


@lru_cache(maxsize=4)
def load_calendar(path: Path | None = None) -> Calendar:
    path = path or DEFAULT_CALENDAR
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput(f"cannot read the holiday calendar {path}: {exc}") from exc
    holidays: set[date] = set()
    workdays: set[date] = set()
    for entry in raw.values():
        entry = entry or {}
        holidays.update(_days(entry.get("holidays", []), path))
        workdays.update(_days(entry.get("workdays", []), path))
    return Calendar(frozenset(holidays), frozenset(workdays), frozenset(int(y) for y in raw))


def _days(items, path: Path) -> list[date]:
    out: list[date] = []
    for item in items:
        match = _RANGE.match(str(item).strip())
        if not match:
            raise InvalidInput(f"{path}: {item!r} is not a date or a range first..last")
        first = date.fromisoformat(match.group(1))
        last = date.fromisoformat(match.group(2) or match.group(1))
        if last < first:
            raise InvalidInput(f"{path}: range {item!r} ends before it starts")
        out += [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return out


def working_days_left(today: date, due: date, calendar: Calendar) -> int:
    """Working days after today up to and including ``due``; negative once overdue."""
    if due < today:
        return -sum(
            calendar.is_working_day(due + timedelta(days=n))
            for n in range(1, (today - due).days + 1)
        )
    return sum(
        calendar.is_working_day(today + timedelta(days=n)) for n in range(1, (due - today).days + 1)
    )
