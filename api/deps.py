"""Per-request resources, injected as ``Annotated`` aliases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi import Path as PathParam
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.schemas import MAX_ID
from core.config import Settings
from core.errors import Forbidden, Unauthorized
from store.db import session_scope
from workflow.jobs import Dispatcher
from workflow.runtime import Runtime
from workflow.users import Actor, authenticate

_bearer = HTTPBearer(auto_error=False, description="API token (`gongkai user add` prints one)")


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.runtime.settings


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def get_dispatcher(request: Request) -> Dispatcher:
    return request.app.state.dispatcher


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: committed when the handler returns."""
    with session_scope(request.app.state.runtime.sessionmaker) as session:
        yield session


# Committed before the response is sent ("function" scope), never after: a client that
# acts on a response must find its change in the database (a reviewer's release right
# after the decision that cleared the document was refused when the commit came late).
_session = Depends(get_session, scope="function")


#: The web page's session cookie: the user's token, HttpOnly and SameSite=Strict.
SESSION_COOKIE = "gongkai_session"
#: Requests authenticated by the cookie must carry this header when they change
#: anything: a form on another site cannot set it (CSRF).
CSRF_HEADER = "X-Gongkai-Request"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def current_actor(
    request: Request,
    session: Annotated[Session, _session],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """Every /api route depends on this; what the actor may do is checked by the
    workflow function the route calls. A bearer token, or the web page's session."""
    if credentials is not None:
        actor = authenticate(session, credentials.credentials)
    elif (cookie := request.cookies.get(SESSION_COOKIE)) is not None:
        actor = authenticate(session, cookie)
        unsafe = request.method not in _SAFE_METHODS
        if actor is not None and unsafe and request.headers.get(CSRF_HEADER) != "1":
            raise Forbidden(f"requests from the web page must carry {CSRF_HEADER}")
    else:
        actor = None
    if actor is None:
        raise Unauthorized("a valid bearer token is required")
    return actor


#: A document or finding id in a path: out-of-range values are a 422, not a crash.
DocumentId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
FindingId = Annotated[int, PathParam(ge=1, le=MAX_ID)]

SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
DispatcherDep = Annotated[Dispatcher, Depends(get_dispatcher)]
SessionDep = Annotated[Session, _session]
CurrentActor = Annotated[Actor, Depends(current_actor)]
