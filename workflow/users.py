"""Users, roles and what each role may do; tokens are stored only as their sha256.

A token is 256 random bits, so a plain sha256 is enough to make the stored value
useless to a thief (a slow password hash protects guessable secrets, which these are not).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from store.records import DocumentRecord, UserRecord
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
    by: Actor = SYSTEM,
) -> tuple[UserRecord, str]:
    """Create a user and return it with its token, which is shown once and never stored."""
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


def ensure_bootstrap_admin(session: Session, token: str, office: str = "本机关") -> None:
    """Make ``GONGKAI_API_TOKEN`` an admin's token, so a new installation can be used
    (and its users created) before anyone has run ``gongkai user add``."""
    user = session.scalar(select(UserRecord).where(UserRecord.username == "admin"))
    if user is None:
        create_user(session, username="admin", role=Role.ADMIN, office=office, token=token)
    elif user.token_hash != hash_token(token):
        user.token_hash = hash_token(token)
        user.active = True
