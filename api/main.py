"""The application factory: ``create_app(settings)`` builds everything the app holds."""

from __future__ import annotations

import logging
import secrets

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from api.limits import BodySizeLimit
from api.problems import install_problem_handlers
from api.routes import documents, health
from core.config import Settings, get_settings
from store.db import create_schema, make_engine, make_sessionmaker
from store.files import FileStore

log = logging.getLogger(__name__)


def resolve_api_token(settings: Settings) -> str:
    """The configured token; outside production a random one when none is set."""
    if settings.api_token is not None and settings.api_token.get_secret_value():
        return settings.api_token.get_secret_value()
    if settings.environment == "production":
        raise RuntimeError("GONGKAI_API_TOKEN must be set in production")
    token = secrets.token_urlsafe(24)
    log.warning("no GONGKAI_API_TOKEN set: generated one for this process", extra={"token": token})
    return token


def create_app(settings: Settings | None = None, *, api_token: str | None = None) -> FastAPI:
    settings = settings or get_settings()
    engine = make_engine(settings)
    create_schema(engine)
    app = FastAPI(
        title="Gongkai 公开",
        version="0.1.0",
        description="Disclosure review for official documents: upload, parse, review, publish.",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.files = FileStore(settings.files_dir)
    app.state.api_token = api_token or resolve_api_token(settings)
    install_problem_handlers(app)
    app.include_router(health.router)
    app.include_router(documents.router)

    @app.get("/", include_in_schema=False)
    def index() -> RedirectResponse:
        return RedirectResponse("/docs")

    app.add_middleware(BodySizeLimit, max_bytes=settings.max_upload_bytes)
    return app
