"""Who am I, users (admin), the audit trail of a document, statistics."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi import Path as PathParam

from api.deps import CurrentActor, DocumentId, SessionDep
from api.schemas import AuditEntryOut, NewUserOut, PasswordIn, UserIn, UserOut
from workflow import audit, intake, sessions, users
from workflow.stats import statistics
from workflow.users import Permission

router = APIRouter(prefix="/api/v1", tags=["administration"])


@router.get("/me", response_model=UserOut)
def me(actor: CurrentActor, session: SessionDep) -> UserOut:
    return UserOut.of(users.get_user(session, actor.username))


@router.get("/users", response_model=list[UserOut])
def list_users(actor: CurrentActor, session: SessionDep) -> list[UserOut]:
    actor.require(Permission.MANAGE_USERS)
    return [UserOut.of(u) for u in users.list_users(session)]


@router.post("/users", response_model=NewUserOut, status_code=status.HTTP_201_CREATED)
def create_user(body: UserIn, actor: CurrentActor, session: SessionDep) -> NewUserOut:
    """The token in the answer is shown this once; only its hash is kept."""
    actor.require(Permission.MANAGE_USERS)
    user, token = users.create_user(
        session,
        username=body.username,
        role=body.role,
        office=body.office,
        display_name=body.display_name,
        password=body.password,
        by=actor,
    )
    return NewUserOut(**UserOut.of(user).model_dump(), token=token)


@router.put("/users/{username}/password", status_code=status.HTTP_204_NO_CONTENT)
def set_password(
    username: Annotated[str, PathParam(max_length=64)],
    body: PasswordIn,
    actor: CurrentActor,
    session: SessionDep,
) -> None:
    """Set (or reset) a user's password for the web page; unlocks a locked account and
    signs the user out of every browser."""
    actor.require(Permission.MANAGE_USERS)
    users.set_password(session, username, body.password, by=actor)
    sessions.close_all(session, users.get_user(session, username).id)


@router.get("/documents/{document_id}/audit", response_model=list[AuditEntryOut])
def document_audit(
    document_id: DocumentId, actor: CurrentActor, session: SessionDep
) -> list[AuditEntryOut]:
    """Everything that happened to the document, oldest first. Read-only: the API has
    no way to change or delete an entry."""
    actor.require(Permission.AUDIT)
    intake.get_document(session, document_id, actor)
    return [AuditEntryOut.model_validate(e) for e in audit.trail(session, document_id)]


@router.get("/statistics")
def read_statistics(
    actor: CurrentActor,
    session: SessionDep,
    office: Annotated[str | None, Query(max_length=128)] = None,
) -> dict:
    """Counts by state, attribute, ground, category and finding decision; overdue items."""
    return statistics(session, actor, today=date.today(), office=office)
