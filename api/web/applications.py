"""Pages for 依申请公开, the 政府信息公开目录 and the annual report. Like the reviewer
pages they only read; every step goes through the /api routes from the page's script
(static/applications.js), so it meets the same checks and lands in the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from api.application_schemas import ApplicationOut
from api.deps import SessionDep, SettingsDep
from api.schemas import MAX_ID
from api.web.common import Visitor, page, to_login, visitor
from core.errors import Forbidden
from workflow import annual_report, application_documents, applications, catalogue
from workflow.annual_report_render import to_html
from workflow.application_types import (
    APPLICANT_TYPE_LABELS,
    DELIVERY,
    DELIVERY_METHODS,
    FORMS,
    REPLY_TYPES,
    Channel,
)
from workflow.states import APPLICATION_STATE_LABELS
from workflow.users import Permission

router = APIRouter(prefix="/ui", include_in_schema=False)


def _page(request: Request, name: str, _actor, status: int = 200, **context) -> Response:
    # The signed-in visitor (with the session's CSRF token the page's script sends) was
    # put on the request by ``_guarded``.
    return page(request, name, request.state.visitor, status=status, **context)


def _guarded(request: Request, session, permission: Permission):
    """The signed-in actor, or the response instead: the sign-in page, or a refusal."""
    who = visitor(request, session)
    if not isinstance(who, Visitor):
        return None, to_login(request, who)
    request.state.visitor = who
    if not who.actor.can(permission):
        return who.actor, page(request, "forbidden.html", who, status=403)
    return who.actor, None


@router.get("/applications", response_class=HTMLResponse)
def applications_page(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    actor, refused = _guarded(request, session, Permission.READ_APPLICATIONS)
    if refused:
        return refused
    queue = applications.queue(session, actor, settings)
    recent, total = applications.list_applications(session, actor, limit=100)
    candidates = application_documents.proactive_candidates(session, actor)
    return _page(
        request,
        "applications.html",
        actor,
        queue=queue,
        recent=recent,
        candidates=candidates,
        total=total,
        labels=APPLICANT_TYPE_LABELS,
        states=APPLICATION_STATE_LABELS,
        can_handle=actor.can(Permission.HANDLE_APPLICATIONS),
    )


@router.get("/applications/new", response_class=HTMLResponse)
def new_application_page(request: Request, session: SessionDep) -> Response:
    actor, refused = _guarded(request, session, Permission.HANDLE_APPLICATIONS)
    if refused:
        return refused
    return _page(
        request,
        "application_new.html",
        actor,
        today=date.today(),
        channels=[c.value for c in Channel],
        types=[(k.value, label) for k, label in APPLICANT_TYPE_LABELS.items()],
        forms=FORMS,
        delivery=DELIVERY,
    )


@router.get("/applications/{application_id}", response_class=HTMLResponse)
def application_page(
    request: Request,
    application_id: Annotated[int, PathParam(ge=1, le=MAX_ID)],
    session: SessionDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    actor, refused = _guarded(request, session, Permission.READ_APPLICATIONS)
    if refused:
        return refused
    record = applications.get_application(session, application_id, actor)
    found = []
    if q and actor.can(Permission.HANDLE_APPLICATIONS):
        found, _ = catalogue.items(session, settings, actor, q=q, limit=20)
    return _page(
        request,
        "application.html",
        actor,
        app=ApplicationOut.of(record, actor, settings, session),
        q=q or "",
        found=found,
        today=date.today(),
        reply_types=REPLY_TYPES,
        methods=DELIVERY_METHODS,
        can_handle=actor.can(Permission.HANDLE_APPLICATIONS),
    )


@router.get("/catalogue", response_class=HTMLResponse)
def catalogue_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    actor, refused = _guarded(request, session, Permission.READ)
    if refused:
        return refused
    items, total = catalogue.items(session, settings, actor, q=q, limit=500)
    return _page(request, "catalogue.html", actor, items=items, total=total, q=q or "")


@router.get("/reports/annual", response_class=HTMLResponse)
def annual_report_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    year: Annotated[int | None, Query(ge=1990, le=2200)] = None,
    office: Annotated[str | None, Query(max_length=128)] = None,
) -> Response:
    actor, refused = _guarded(request, session, Permission.STATISTICS)
    if refused:
        return refused
    year = year or date.today().year - 1
    try:
        report = annual_report.build(session, settings, actor, year, office or None)
    except Forbidden:
        return _page(request, "forbidden.html", actor, status=403)
    return _page(
        request,
        "annual_report.html",
        actor,
        report=report,
        year=year,
        office=office or "",
        # The report's own page, escaped by its template: shown as it will be printed.
        body=Markup(_body_of(to_html(report))),
        sections=annual_report.SECTIONS,
        figures=annual_report.FIGURES,
        can_edit=actor.can(Permission.EDIT_REPORT),
    )


def _body_of(page: str) -> str:
    start, end = page.index("<body>") + len("<body>"), page.rindex("</body>")
    return page[start:end]
