"""Per-request resources, injected as ``Annotated`` aliases."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from core.config import Settings
from store.db import session_scope
from store.files import FileStore

_bearer = HTTPBearer(auto_error=False, description="API token (GONGKAI_API_TOKEN)")


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: committed when the handler returns."""
    with session_scope(request.app.state.sessionmaker) as session:
        yield session


def get_files(request: Request) -> FileStore:
    return request.app.state.files


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """Every API route depends on this. Users and roles replace it with the workflow."""
    expected: str = request.app.state.api_token
    if credentials is None or not hmac.compare_digest(
        credentials.credentials.encode(), expected.encode()
    ):
        raise HTTPException(
            401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )
    return "api-token"


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_session)]
FilesDep = Annotated[FileStore, Depends(get_files)]
Caller = Annotated[str, Depends(require_token)]
