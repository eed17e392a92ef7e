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
from workflow import sessions
from workflow.jobs import Dispatcher
from workflow.runtime import Runtime
from workflow.users import Actor, TooManyAttempts, authenticate

_bearer = HTTPBearer(auto_error=False, description="API token (`gongkai user add` prints one)")


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.runtime.settings


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def get_dispatcher(request: Request) -> Dispatcher:
    return request.app.state.dispatcher


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: committed when the handler returns."""
    writes = request.method not in _SAFE_METHODS
    with session_scope(request.app.state.runtime.sessionmaker, writes=writes) as session:
        yield session


# Committed before the response is sent ("function" scope), never after: a client that
# acts on a response must find its change in the database (a reviewer's release right
# after the decision that cleared the document was refused when the commit came late).
_session = Depends(get_session, scope="function")


#: The web page's session cookie: a server-side session (``workflow.sessions``), never
#: an API token. HttpOnly, SameSite=Strict, Secure in production.
SESSION_COOKIE = "gongkai_session"
#: Requests authenticated by the cookie must carry the session's CSRF token in this
#: header when they change anything: a page on another site can neither read the token
#: nor set the header.
CSRF_HEADER = "X-Gongkai-CSRF"


def client_address(request: Request) -> str:
    """Whom to throttle: the client's address (uvicorn puts a trusted proxy's
    X-Forwarded-For here)."""
    return request.client.host if request.client else "unknown"


def current_actor(
    request: Request,
    session: Annotated[Session, _session],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """Every /api route depends on this; what the actor may do is checked by the
    workflow function the route calls. A bearer token, or the web page's session."""
    if credentials is not None:
        return _token_actor(request, session, credentials.credentials)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie is None:
        raise Unauthorized("请先登录，或提供 API 令牌（a valid bearer token is required）")
    web = sessions.resolve(session, cookie)
    if request.method not in _SAFE_METHODS and request.headers.get(CSRF_HEADER) != web.csrf_token:
        raise Forbidden(
            "请求缺少页面的校验码，请刷新页面后重试"
            f"（requests from the web page must carry {CSRF_HEADER}）"
        )
    return web.actor


def _token_actor(request: Request, session: Session, token: str) -> Actor:
    throttle = request.app.state.throttles.tokens
    address = client_address(request)
    if (wait := throttle.retry_after(address)) is not None:
        raise TooManyAttempts(
            f"无效令牌过多，请 {wait} 秒后再试（too many invalid tokens from this address）",
            wait,
        )
    actor = authenticate(session, token)
    if actor is None:
        throttle.fail(address)
        raise Unauthorized("令牌无效（a valid bearer token is required）")
    return actor


#: A document or finding id in a path: out-of-range values are a 422, not a crash.
DocumentId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
FindingId = Annotated[int, PathParam(ge=1, le=MAX_ID)]

SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
DispatcherDep = Annotated[Dispatcher, Depends(get_dispatcher)]
SessionDep = Annotated[Session, _session]
CurrentActor = Annotated[Actor, Depends(current_actor)]
