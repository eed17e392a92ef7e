"""The time limits of an application, over the same holiday calendar as 第二十六条.

- 第三十三条: the reply within 20 working days of receipt; one extension of at most 20
  more, approved by the head of the 政府信息公开工作机构.
- 第三十条: a 补正 notice within 7 working days of receipt; the reply's 20 days then
  count from the day the corrected application is received (the law's words: 答复期限自
  行政机关收到补正的申请之日起计算), so the clock stands still while the office waits.
- 第三十二条, 第三十四条: a third party or another agency has 15 working days to give its
  opinion; the working days a consultation takes (15 at most) are not counted.

Days are counted from the day after, as ``deadlines.add_working_days`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from workflow.deadlines import Calendar, Deadline, add_working_days

REPLY_DAYS = 20
MAX_EXTENSION_DAYS = 20
CORRECTION_NOTICE_DAYS = 7
CONSULTATION_DAYS = 15


@dataclass(frozen=True)
class Pause:
    """Working days after ``start`` up to and including ``end`` do not count."""

    start: date
    end: date

    def covers(self, day: date) -> bool:
        return self.start < day <= self.end


def reply_deadline(
    start: date,
    calendar: Calendar,
    *,
    extension_days: int = 0,
    pauses: tuple[Pause, ...] | list[Pause] = (),
) -> Deadline:
    """``REPLY_DAYS`` (plus an extension) working days after ``start``, not counting the
    working days inside any pause."""
    day, left, complete = start, REPLY_DAYS + extension_days, True
    while left > 0:
        day += timedelta(days=1)
        complete = complete and calendar.covers(day)
        if calendar.is_working_day(day) and not any(p.covers(day) for p in pauses):
            left -= 1
    return Deadline(day, complete)


def correction_notice_due(received: date, calendar: Calendar) -> date:
    return add_working_days(received, CORRECTION_NOTICE_DAYS, calendar).due


def consultation_limit(sent: date, calendar: Calendar) -> date:
    return add_working_days(sent, CONSULTATION_DAYS, calendar).due


def consultation_pause(sent: date, answered: date | None, limit: date) -> Pause:
    """What a consultation takes off the count: until the answer, never past its limit
    (silence past the 15th day lets the office decide, 第三十二条). One still open is
    counted to its limit, the latest the reply can then be due."""
    return Pause(sent, min(answered, limit) if answered else limit)


def application_deadline(application, calendar: Calendar) -> Deadline | None:
    """The reply deadline of an ``ApplicationRecord`` as it stands; None while a 补正 has
    been asked for and not yet received (the clock has not started again)."""
    if application.correction_sent_on and not application.correction_received_on:
        return None
    start = application.correction_received_on or application.received_on
    pauses = [
        consultation_pause(c.sent_on, c.answered_on, c.limit_on) for c in application.consultations
    ]
    return reply_deadline(
        start, calendar, extension_days=application.extension_days or 0, pauses=pauses
    )
