"""Application time limits over the 2026 calendar, each counted by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from workflow.application_deadlines import (
    Pause,
    application_deadline,
    consultation_limit,
    consultation_pause,
    correction_notice_due,
    reply_deadline,
)
from workflow.deadlines import Calendar, load_calendar


@dataclass
class Consult:
    sent_on: date
    limit_on: date
    answered_on: date | None = None


@dataclass
class Application:
    received_on: date
    correction_sent_on: date | None = None
    correction_received_on: date | None = None
    extension_days: int | None = None
    consultations: list = field(default_factory=list)


def test_twenty_working_days_over_the_spring_festival():
    # Received Fri 30 Jan 2026: 2–6 Feb (5), 9–13 (10), Sat 14 Feb 调休 (11), 春节 15–23
    # Feb off, 24–27 (15), Sat 28 Feb 调休 (16), 2–5 Mar (20) → Thu 5 Mar.
    deadline = reply_deadline(date(2026, 1, 30), load_calendar())
    assert deadline.due == date(2026, 3, 5) and deadline.calendar_complete


def test_an_extension_adds_working_days_after_the_first_deadline():
    # Received Mon 7 Sep 2026: 8–11 (4), 14–18 (9), Sun 20 调休 (10), 21–24 (14), 中秋
    # 25–27 off, 28–30 (17), 国庆 1–7 Oct off, 8 9 (19), Sat 10 Oct 调休 (20).
    calendar = load_calendar()
    assert reply_deadline(date(2026, 9, 7), calendar).due == date(2026, 10, 10)
    # Plus 5: 12 13 14 15 16 Oct.
    assert reply_deadline(date(2026, 9, 7), calendar, extension_days=5).due == date(2026, 10, 16)


def test_a_consultation_takes_its_working_days_off_the_count():
    calendar = load_calendar()
    # Sent Thu 9 Apr 2026; 15 working days: 10, 13–17 (6), 20–24 (11), 27–30 (15) → 30 Apr.
    assert consultation_limit(date(2026, 4, 9), calendar) == date(2026, 4, 30)
    # Received Wed 1 Apr: 2 3 (2), 清明 4–6 off, 7 8 9 (5) 10 (6) … without a pause
    # 13–17 (11), 20–24 (16), 27 28 29 30 (20) → Thu 30 Apr.
    assert reply_deadline(date(2026, 4, 1), calendar).due == date(2026, 4, 30)
    # Paused 9 Apr → answered Tue 14 Apr: 10, 13, 14 do not count, so by 30 Apr only 17
    # days are counted; three more after 劳动节 1–5 May: 6 7 8 May → Fri 8 May.
    pause = consultation_pause(date(2026, 4, 9), date(2026, 4, 14), date(2026, 4, 30))
    assert pause == Pause(date(2026, 4, 9), date(2026, 4, 14))
    assert reply_deadline(date(2026, 4, 1), calendar, pauses=[pause]).due == date(2026, 5, 8)
    # Silence: the pause runs to its limit and no further.
    silent = consultation_pause(date(2026, 4, 9), None, date(2026, 4, 30))
    assert silent.end == date(2026, 4, 30)
    late = consultation_pause(date(2026, 4, 9), date(2026, 5, 20), date(2026, 4, 30))
    assert late.end == date(2026, 4, 30)


def test_a_correction_stops_the_clock_until_the_corrected_application_arrives():
    calendar = load_calendar()
    # Notice due by the 7th working day after Mon 28 Sep 2026: 29 30 Sep, 国庆 off,
    # 8 9 Oct, Sat 10 Oct, 12 13 Oct → Tue 13 Oct.
    assert correction_notice_due(date(2026, 9, 28), calendar) == date(2026, 10, 13)
    waiting = Application(date(2026, 9, 28), correction_sent_on=date(2026, 9, 29))
    assert application_deadline(waiting, calendar) is None
    # Corrected application on Mon 2 Nov: 3–6 (4), 9–13, 16–20, 23–27 (19), Mon 30 Nov.
    waiting.correction_received_on = date(2026, 11, 2)
    assert application_deadline(waiting, calendar).due == date(2026, 11, 30)


def test_everything_together_on_an_application():
    calendar = load_calendar()
    application = Application(
        date(2026, 4, 1),
        extension_days=2,
        consultations=[Consult(date(2026, 4, 9), date(2026, 4, 30), date(2026, 4, 14))],
    )
    # 8 May as above, then two more working days: Sat 9 May (调休), Mon 11 May.
    assert application_deadline(application, calendar).due == date(2026, 5, 11)


def test_a_year_missing_from_the_calendar_is_said():
    # 2027 is not in holidays.yaml: weekends only, and the deadline says so.
    deadline = reply_deadline(date(2026, 12, 21), load_calendar())
    assert not deadline.calendar_complete
    assert reply_deadline(date(2026, 3, 2), Calendar()).due == date(2026, 3, 30)
