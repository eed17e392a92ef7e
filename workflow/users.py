"""Users, roles and what each role may do; API tokens and passwords.

A token is 256 random bits, so a plain sha256 is enough to make the stored value
useless to a thief. A password is guessable, so it is stored as an argon2id hash
(argon2-cffi) and repeated wrong ones lock the account for a while.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import Conflict, Forbidden, GongkaiError, InvalidInput, NotFound, Unauthorized
from store.records import DocumentRecord, UserRecord, utcnow
from workflow import audit


class Role(StrEnum):
    DRAFTER = "drafter"  # 拟稿处室: uploads, proposes the attribute (初审)
    REVIEWER = "reviewer"  # 保密审查: decides findings and the attribute (复审)
    PUBLISHER = "publisher"  # 发布: releases cleared documents, revokes published ones
    #: 依申请公开办理 (the 政府信息公开工作机构): registers and answers applications, keeps
    #: the catalogue and writes the annual report; the only role besides admin that reads
    #: an applicant's contact details.
    HANDLER = "handler"
    ADMIN = "admin"


class Permission(StrEnum):
    UPLOAD = "upload"
    READ = "read"
    PROPOSE = "propose"
    REVIEW = "review"
    RETRY = "retry"
    RELEASE = "release"
    REVOKE = "revoke"
    STATISTICS = "statistics"
    AUDIT = "audit"
    MANAGE_USERS = "manage_users"
    #: 解密: lift a 密级 block, with its basis.
    DECLASSIFY = "declassify"
    READ_APPLICATIONS = "read_applications"
    HANDLE_APPLICATIONS = "handle_applications"
    #: An applicant's name, 身份证明 and contact details (personal data).
    APPLICANT_DETAILS = "applicant_details"
    #: The annual report's office-entered figures and narrative text.
    EDIT_REPORT = "edit_report"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.DRAFTER: frozenset(
        {Permission.UPLOAD, Permission.READ, Permission.PROPOSE, Permission.RETRY}
    ),
    Role.REVIEWER: frozenset(
        {
            Permission.READ,
            Permission.REVIEW,
            Permission.RETRY,
            Permission.STATISTICS,
            Permission.AUDIT,
            Permission.READ_APPLICATIONS,
        }
    ),
    Role.PUBLISHER: frozenset(
        {
            Permission.READ,
            Permission.RELEASE,
            Permission.REVOKE,
            Permission.STATISTICS,
            Permission.AUDIT,
            Permission.READ_APPLICATIONS,
        }
    ),
    Role.HANDLER: frozenset(
        {
            Permission.READ,
            Permission.STATISTICS,
            Permission.AUDIT,
            Permission.READ_APPLICATIONS,
            Permission.HANDLE_APPLICATIONS,
            Permission.APPLICANT_DETAILS,
            Permission.EDIT_REPORT,
        }
    ),
    Role.ADMIN: frozenset(Permission),
}

#: Roles that work on every office's documents; the others see their own office's only.
ALL_OFFICES = frozenset({Role.REVIEWER, Role.PUBLISHER, Role.HANDLER, Role.ADMIN})

_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user, or the service itself (``id`` None) in its jobs."""

    id: int | None
    username: str
    role: Role
    office: str

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise Forbidden(
                f"您的角色无权执行此操作（the role {self.role.value} may not {permission.value}）"
            )

    @property
    def all_offices(self) -> bool:
        return self.role in ALL_OFFICES

    def sees(self, document: DocumentRecord) -> bool:
        return self.all_offices or document.office == self.office

    @classmethod
    def of(cls, user: UserRecord) -> Actor:
        return cls(user.id, user.username, Role(user.role), user.office)


SYSTEM = Actor(None, "system", Role.ADMIN, "")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return "gk_" + secrets.token_urlsafe(32)


def create_user(
    session: Session,
    *,
    username: str,
    role: Role | str,
    office: str,
    display_name: str | None = None,
    token: str | None = None,
    password: str | None = None,
    by: Actor = SYSTEM,
) -> tuple[UserRecord, str]:
    """Create a user and return it with its token, which is shown once and never stored.
    With a password, the user can also sign in to the web page."""
    if not _USERNAME.match(username):
        raise InvalidInput("a user name is 1–64 letters, digits or _ . @ -")
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(f"unknown role {role!r}; roles: {', '.join(Role)}") from None
    if not office.strip():
        raise InvalidInput("a user belongs to an office")
    if session.scalar(select(UserRecord).where(UserRecord.username == username)):
        raise Conflict(f"a user named {username} exists")
    token = token or new_token()
    user = UserRecord(
        username=username,
        display_name=display_name or username,
        role=role.value,
        office=office.strip(),
        token_hash=hash_token(token),
        active=True,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=by.username,
        action="user.create",
        after={"username": username, "role": role.value, "office": user.office},
    )
    if password is not None:
        set_password(session, username, password, by=by)
    return user, token


def rotate_token(session: Session, username: str, *, by: Actor = SYSTEM) -> str:
    user = get_user(session, username)
    token = new_token()
    user.token_hash = hash_token(token)
    audit.record(
        session, actor=by.username, action="user.rotate_token", after={"username": username}
    )
    return token


def deactivate(session: Session, username: str, *, by: Actor = SYSTEM) -> None:
    user = get_user(session, username)
    user.active = False
    audit.record(session, actor=by.username, action="user.deactivate", after={"username": username})


def get_user(session: Session, username: str) -> UserRecord:
    user = session.scalar(select(UserRecord).where(UserRecord.username == username))
    if user is None:
        raise NotFound(f"no user named {username}")
    return user


def list_users(session: Session) -> list[UserRecord]:
    return list(session.scalars(select(UserRecord).order_by(UserRecord.username)))


def authenticate(session: Session, token: str) -> Actor | None:
    user = session.scalar(select(UserRecord).where(UserRecord.token_hash == hash_token(token)))
    if user is None or not user.active:
        return None
    return Actor.of(user)


def ensure_bootstrap_admin(
    session: Session,
    token: str,
    office: str = "本机关",
    *,
    password: str | None = None,
    generate_password: bool = False,
) -> str | None:
    """Make ``GONGKAI_API_TOKEN`` an admin's token, so a new installation can be used
    (and its users created) before anyone has run ``gongkai user add``.

    ``password`` (``GONGKAI_ADMIN_PASSWORD``) becomes the admin's web password; with
    ``generate_password`` an admin without one gets a random one, which is returned to
    be shown once."""
    user = session.scalar(select(UserRecord).where(UserRecord.username == "admin"))
    if user is None:
        user, _ = create_user(
            session, username="admin", role=Role.ADMIN, office=office, token=token
        )
    elif user.token_hash != hash_token(token):
        user.token_hash = hash_token(token)
        user.active = True
    if password is not None:
        if user.password_hash is None or not _verify(user.password_hash, password):
            set_password(session, "admin", password)
        return None
    if generate_password and user.password_hash is None:
        generated = secrets.token_urlsafe(12)
        set_password(session, "admin", generated)
        return generated
    return None


# --- Passwords for the web page -------------------------------------------------------

#: Wrong passwords in a row that lock an account, and for how long.
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256


class SignInFailed(Unauthorized):
    """Wrong user name or password; which of the two is not said."""

    code = "sign_in_failed"


class TooManyAttempts(GongkaiError):
    """Too many failures: from this account (locked) or from this address (throttled)."""

    code = "too_many_attempts"
    http_status = 429

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = max(1, retry_after)


@lru_cache(maxsize=1)
def _hasher():
    # argon2id with the library's defaults (RFC 9106's second recommendation).
    from argon2 import PasswordHasher

    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked against for unknown user names, so a wrong name costs the same time as a
    wrong password and does not tell which names exist."""
    return _hasher().hash(secrets.token_urlsafe(16))


def set_password(session: Session, username: str, password: str, *, by: Actor = SYSTEM) -> None:
    """Set (or reset) a user's password; also unlocks the account."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InvalidInput(
            f"密码须为 {MIN_PASSWORD_LENGTH}–{MAX_PASSWORD_LENGTH} 个字符"
            f"（a password has {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters）"
        )
    user = get_user(session, username)
    if password.strip().lower() == username.lower():
        raise InvalidInput("密码不能与用户名相同（the password equals the user name）")
    user.password_hash = _hasher().hash(password)
    user.failed_logins, user.locked_until = 0, None
    audit.record(
        session, actor=by.username, action="user.set_password", after={"username": username}
    )


def change_password(session: Session, actor: Actor, current: str, new: str) -> None:
    """A user changes its own password, proving it knows the current one."""
    user = get_user(session, actor.username)
    if user.password_hash is None or not _verify(user.password_hash, current):
        raise InvalidInput("当前密码不正确（the current password is wrong）")
    set_password(session, actor.username, new, by=actor)


def sign_in(
    session: Session, username: str, password: str, *, now: datetime | None = None
) -> Actor:
    """The user for this name and password, or ``SignInFailed``; ``TooManyAttempts``
    while the account is locked. Every failure is counted and audited."""
    now = now or utcnow()
    user = session.scalar(select(UserRecord).where(UserRecord.username == username))
    if user is not None and user.locked_until is not None and user.locked_until > now:
        raise _locked(user, now)
    stored = user.password_hash if user is not None and user.active else None
    if not _verify(stored or _dummy_hash(), password) or stored is None:
        if user is not None and _count_failure(session, user, now):
            raise _locked(user, now)
        raise SignInFailed("用户名或密码不正确（wrong user name or password）")
    if _hasher().check_needs_rehash(stored):
        user.password_hash = _hasher().hash(password)
    user.failed_logins, user.locked_until = 0, None
    audit.record(session, actor=user.username, action="user.sign_in")
    return Actor.of(user)


def _locked(user: UserRecord, now: datetime) -> TooManyAttempts:
    seconds = math.ceil((user.locked_until - now).total_seconds())
    return TooManyAttempts(
        f"密码连续输错 {MAX_FAILED_LOGINS} 次，账户已锁定，请 {math.ceil(seconds / 60)} 分钟后"
        "再试，或请管理员重设密码（the account is locked after repeated failures）",
        seconds,
    )


def _count_failure(session: Session, user: UserRecord, now: datetime) -> bool:
    """Count a wrong password; True when it locks the account."""
    user.failed_logins = (user.failed_logins or 0) + 1
    locked = user.failed_logins >= MAX_FAILED_LOGINS
    if locked:
        user.locked_until, user.failed_logins = now + LOCKOUT, 0
    audit.record(
        session,
        actor=user.username,
        action="user.lock" if locked else "user.sign_in_failed",
        after={"locked_until": user.locked_until} if locked else None,
    )
    return locked


def _verify(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
