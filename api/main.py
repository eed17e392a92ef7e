"""The application factory: ``create_app(settings)`` builds everything the app holds."""

from __future__ import annotations

import logging
import secrets
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from api.inputs import ControlCharacters
from api.limits import BodySizeLimit
from api.problems import install_problem_handlers
from api.routes import (
    admin,
    application_documents,
    application_steps,
    applications,
    batches,
    catalogue,
    documents,
    health,
    publication,
    reports,
    review,
    suggest,
)
from api.security import SecurityHeaders, Throttles
from api.web import applications as web_applications
from api.web import routes as web
from core.config import Settings, get_settings
from workflow.jobs import Dispatcher
from workflow.runtime import Runtime
from workflow.users import ensure_bootstrap_admin, list_users

log = logging.getLogger(__name__)
WEB = Path(__file__).resolve().parent / "web"


def resolve_api_token(settings: Settings) -> str | None:
    """The bootstrap admin's token: the configured one; outside production a random one
    when none is set; in production none (users come from ``gongkai user add``)."""
    if settings.api_token is not None and settings.api_token.get_secret_value():
        return settings.api_token.get_secret_value()
    if settings.environment == "production":
        return None
    token = secrets.token_urlsafe(24)
    log.warning("no GONGKAI_API_TOKEN set: generated one for this process", extra={"token": token})
    return token


def create_app(settings: Settings | None = None, *, api_token: str | None = None) -> FastAPI:
    settings = settings or get_settings()
    runtime = Runtime.build(settings)
    bootstrap_token = api_token or resolve_api_token(settings)
    bootstrap_password = None
    with runtime.session() as session:
        if bootstrap_token:
            password = settings.admin_password
            bootstrap_password = ensure_bootstrap_admin(
                session,
                bootstrap_token,
                settings.default_office,
                password=password.get_secret_value() if password else None,
                generate_password=settings.environment == "dev",
            )
        elif not list_users(session):
            raise RuntimeError(
                "no users yet: create an admin with `gongkai user add NAME --role admin "
                "--office OFFICE`, or set GONGKAI_API_TOKEN for the bootstrap admin"
            )
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Work a killed worker, a lost Redis or a stopped server left unfinished is sent
        # again: at start (an embedded server resumes its documents), then periodically.
        stop = app.state.dispatcher.start_reconciling() if settings.reconcile_jobs else None
        yield
        if stop is not None:
            stop.set()

    app = FastAPI(
        lifespan=lifespan,
        title="Gongkai 公开",
        version="0.2.0",
        description=(
            "Disclosure review for official documents: upload, parse, suggest the "
            "attribute, find personal data, review, publish. Every /api route needs a "
            "bearer token (`gongkai user add`); what it may do depends on the user's role. "
            "Repeated wrong tokens from one address are answered 429 with Retry-After."
        ),
    )
    app.state.runtime = runtime
    app.state.engine = runtime.engine
    app.state.settings = settings
    app.state.dispatcher = Dispatcher(runtime)
    app.state.bootstrap_token = bootstrap_token
    app.state.bootstrap_password = bootstrap_password
    app.state.throttles = Throttles()
    install_problem_handlers(app)
    app.include_router(health.router)
    app.include_router(documents.router)
    app.include_router(review.router)
    app.include_router(publication.router)
    app.include_router(batches.router)
    app.include_router(admin.router)
    app.include_router(suggest.router)
    app.include_router(applications.router)
    app.include_router(application_documents.router)
    app.include_router(application_steps.router)
    app.include_router(catalogue.router)
    app.include_router(reports.router)

    app.include_router(web.router)
    app.include_router(web_applications.router)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> RedirectResponse:
        return RedirectResponse("/ui/")

    app.add_middleware(BodySizeLimit, max_bytes=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(ControlCharacters)
    return app
