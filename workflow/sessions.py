"""Server-side sessions of the web page, apart from API tokens.

The browser's cookie holds 256 random bits; the database keeps only their sha256, the
user, when the session started and was last used, and whether it was revoked. A session
ends at logout (revoked), after ``IDLE`` without a request, or ``LIFETIME`` after sign-in,
whichever comes first — a stolen cookie is worth less than a token, and an API token can
never be used as a cookie (nor the other way round).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.errors import Unauthorized
from store.records import UserRecord, WebSessionRecord, utcnow
from workflow import audit
from workflow.users import Actor, hash_token

#: A working day, and a long lunch.
LIFETIME = timedelta(hours=12)
IDLE = timedelta(hours=2)
#: ``last_seen_at`` is written at most this often, not on every request.
_TOUCH = timedelta(minutes=1)


class SessionExpired(Unauthorized):
    code = "session_expired"

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        #: "missing", "closed" (logout, user deactivated) or "expired", for the page to
        #: say which in its own words.
        self.reason = reason


@dataclass(frozen=True)
class WebSession:
    actor: Actor
    csrf_token: str
    expires_at: datetime


def open_session(session: Session, actor: Actor, *, now: datetime | None = None) -> str:
    """Start a session for a signed-in user; returns the cookie's value (shown once)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(
        WebSessionRecord(
            user_id=actor.id,
            token_hash=hash_token(token),
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + LIFETIME,
        )
    )
    session.flush()
    return token


def resolve(session: Session, token: str, *, now: datetime | None = None) -> WebSession:
    """The live session for a cookie's value; ``SessionExpired`` when it ended (or never
    was), so the page can say why the user must sign in again."""
    now = now or utcnow()
    row = session.execute(
        select(WebSessionRecord, UserRecord)
        .join(UserRecord, UserRecord.id == WebSessionRecord.user_id)
        .where(WebSessionRecord.token_hash == hash_token(token))
    ).first()
    if row is None:
        raise SessionExpired("请先登录（no such session）", "missing")
    record, user = row
    if record.revoked_at is not None or not user.active:
        raise SessionExpired("已退出登录，请重新登录（the session was closed）", "closed")
    if now >= record.expires_at or now - record.last_seen_at >= IDLE:
        raise SessionExpired("登录已过期，请重新登录（the session has expired）", "expired")
    if now - record.last_seen_at >= _TOUCH:
        record.last_seen_at = now
    return WebSession(Actor.of(user), record.csrf_token, record.expires_at)


def close(session: Session, token: str, *, now: datetime | None = None) -> None:
    """Logout: the session is revoked, so the cookie is worthless even if kept."""
    now = now or utcnow()
    record = session.scalar(
        select(WebSessionRecord).where(WebSessionRecord.token_hash == hash_token(token))
    )
    if record is None or record.revoked_at is not None:
        return
    record.revoked_at = now
    user = session.get(UserRecord, record.user_id)
    audit.record(session, actor=user.username if user else "?", action="user.sign_out")


def close_all(session: Session, user_id: int, *, now: datetime | None = None) -> int:
    """Revoke every open session of a user (password changed, user deactivated)."""
    result = session.execute(
        update(WebSessionRecord)
        .where(WebSessionRecord.user_id == user_id, WebSessionRecord.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )
    return result.rowcount or 0
