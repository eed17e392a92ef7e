"""第二十六条 deadlines count working days over the official holiday calendar."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import InvalidInput
from workflow.deadlines import (
    Calendar,
    add_working_days,
    disclosure_deadline,
    load_calendar,
    working_days_left,
)


def test_weekends_only_without_holidays():
    # Monday 2 March 2026 + 20 working days: four full weeks later, on a Monday.
    deadline = add_working_days(date(2026, 3, 2), 20, Calendar())
    assert deadline.due == date(2026, 3, 30)
    assert not deadline.calendar_complete


def test_spring_festival_and_its_makeup_saturdays_are_counted():
    calendar = load_calendar()
    assert calendar.is_working_day(date(2026, 2, 14))  # 调休 Saturday
    assert not calendar.is_working_day(date(2026, 2, 16))  # 春节
    # Formed Fri 6 Feb 2026. Working days: 9–13 Feb (5), Sat 14 Feb (6), the festival
    # 15–23 Feb off, 24–27 Feb (10), Sat 28 Feb (11), 2–6 Mar (16), 9–12 Mar (20).
    deadline = disclosure_deadline(date(2026, 2, 6), calendar)
    assert deadline.due == date(2026, 3, 12)
    assert deadline.calendar_complete


def test_national_day_week():
    # Formed Tue 29 Sep 2026; 1–7 Oct are off and Sat 10 Oct is a working day.
    working = [date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)]
    working += [date(2026, 10, d) for d in (12, 13, 14, 15, 16, 19, 20, 21, 22, 23)]
    working += [date(2026, 10, d) for d in (26, 27, 28, 29, 30)] + [date(2026, 11, 2)]
    assert len(working) == 20
    assert disclosure_deadline(date(2026, 9, 29), load_calendar()).due == working[-1]


def test_days_left_and_overdue():
    calendar = load_calendar()
    assert working_days_left(date(2026, 3, 2), date(2026, 3, 6), calendar) == 4
    assert working_days_left(date(2026, 3, 9), date(2026, 3, 6), calendar) == -1
    assert working_days_left(date(2026, 3, 6), date(2026, 3, 6), calendar) == 0


def test_an_office_calendar_with_a_bad_line_is_refused(tmp_path):
    path = tmp_path / "holidays.yaml"
    path.write_text('2027:\n  holidays: ["2027-02-10..2027-02-01"]\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="ends before it starts"):
        load_calendar(path)
    path.write_text('2027:\n  holidays: ["next tuesday"]\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="not a date"):
        load_calendar(path)
