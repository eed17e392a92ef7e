"""Pages of the reviewer web page. They only read; every change goes through the same
/api routes (and so the same checks and the same audit trail) from the page's script."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from api.deps import SESSION_COOKIE, DocumentId, SessionDep, SettingsDep
from api.schemas import DocumentSummary, FindingOut
from api.web.render import category_label, document_view
from core.datamodel import CATEGORY_LABELS, DisclosureAttribute, ElementName, Ground
from core.errors import Forbidden
from workflow import batch, intake, publish, review
from workflow.deadlines import load_calendar, working_days_left
from workflow.states import State
from workflow.stats import statistics
from workflow.users import Actor, Permission, authenticate

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals.update(category_label=category_label, State=State)
router = APIRouter(prefix="/ui", include_in_schema=False)

ROLE_LABELS = {
    "drafter": "拟稿处室",
    "reviewer": "保密审查",
    "publisher": "发布",
    "handler": "依申请办理",
    "admin": "管理员",
}
PROMINENT = (ElementName.SECRECY, ElementName.DISCLOSURE_MARKING, ElementName.NOTE)


def _actor(request: Request, session) -> Actor | None:
    token = request.cookies.get(SESSION_COOKIE)
    return authenticate(session, token) if token else None


def _page(request: Request, name: str, actor: Actor, status: int = 200, **context) -> Response:
    context |= {"actor": actor, "role_label": ROLE_LABELS[actor.role.value]}
    return templates.TemplateResponse(request, name, context, status_code=status)


def _to_login() -> RedirectResponse:
    return RedirectResponse("/ui/login", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    return templates.TemplateResponse(request, "login.html", {"error": None})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)],
    token: Annotated[str, Form(max_length=200)],
) -> Response:
    actor = authenticate(session, token.strip())
    if actor is None or actor.username != username.strip():
        context = {"error": "用户名或令牌不正确。"}
        return templates.TemplateResponse(request, "login.html", context, status_code=401)
    response = RedirectResponse("/ui/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token.strip(),
        httponly=True,
        samesite="strict",
        secure=settings.environment == "production",
        max_age=12 * 3600,
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = _to_login()
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/", response_class=HTMLResponse)
def queue_page(
    request: Request,
    session: SessionDep,
    state: str | None = None,
    attribute: str | None = None,
    office: str | None = None,
    overdue: bool = False,
) -> Response:
    actor = _actor(request, session)
    if actor is None:
        return _to_login()
    if state is None and actor.can(Permission.REVIEW):
        state = State.IN_REVIEW.value  # a reviewer's day starts with what waits for review
    if state in ("all", ""):
        state = None
    today = date.today()
    documents, total = intake.list_documents(
        session,
        actor,
        state=state,
        attribute=attribute or None,
        office=office or None,
        overdue_on=today if overdue else None,
        limit=500,
    )
    # Overdue first, then the nearest deadline.
    documents.sort(key=lambda d: (d.disclosure_due or date.max, d.id))
    counts = intake.count_by_state(session, actor)
    return _page(
        request,
        "queue.html",
        actor,
        documents=[DocumentSummary.of(d) for d in documents],
        total=total,
        counts=counts,
        today=today,
        filters={
            "state": state or "all",
            "attribute": attribute,
            "office": office,
            "overdue": overdue,
        },
        attributes=[a.value for a in DisclosureAttribute],
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: DocumentId, session: SessionDep) -> Response:
    actor = _actor(request, session)
    if actor is None:
        return _to_login()
    document = intake.get_document(session, document_id, actor)
    findings = review.findings_of(session, document_id, actor)
    parsed = document.current.parsed or {}
    markings = [e for e in parsed.get("elements", []) if e["name"] in PROMINENT]
    undecided = sum(1 for f in findings if f.decision is None)
    return _page(
        request,
        "document.html",
        actor,
        document=DocumentSummary.of(document),
        suggestion=document.suggestion,
        blocks=document_view(parsed, findings),
        findings=findings,
        # "<" escaped: document text must not be able to close the script element.
        findings_json=json.dumps(
            [FindingOut.model_validate(f).model_dump(mode="json") for f in findings],
            ensure_ascii=False,
        ).replace("<", "\\u003c"),
        markings=markings,
        undecided=undecided,
        text_length=len(parsed.get("text", "")),
        attributes=[a.value for a in DisclosureAttribute],
        grounds=[(g.value, g.article) for g in Ground],
        categories=[(c.value, label) for c, label in CATEGORY_LABELS.items()],
        can_review=actor.can(Permission.REVIEW),
        can_propose=actor.can(Permission.PROPOSE),
        can_release=actor.can(Permission.RELEASE),
    )


@router.get("/publication", response_class=HTMLResponse)
def publication_page(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    actor = _actor(request, session)
    if actor is None:
        return _to_login()
    today = date.today()
    calendar = load_calendar(settings.holidays_path)
    items = [
        (
            DocumentSummary.of(d),
            working_days_left(today, d.disclosure_due, calendar) if d.disclosure_due else None,
        )
        for d in publish.pending_publication(session, actor)
    ]
    return _page(request, "publication.html", actor, items=items, today=today)


@router.get("/statistics", response_class=HTMLResponse)
def statistics_page(request: Request, session: SessionDep) -> Response:
    actor = _actor(request, session)
    if actor is None:
        return _to_login()
    try:
        figures = statistics(session, actor, today=date.today())
    except Forbidden:
        return _page(request, "forbidden.html", actor, status=403)
    return _page(request, "statistics.html", actor, figures=figures)


@router.get("/batches", response_class=HTMLResponse)
def batches_page(request: Request, session: SessionDep) -> Response:
    """The same progress as ``gongkai batch status`` and ``/api/v1/batches``."""
    actor = _actor(request, session)
    if actor is None:
        return _to_login()
    now = datetime.now(UTC)
    rows = [
        {"root": b.root, "office": b.office, **batch.progress(session, b.id, actor).to_dict(now)}
        for b in batch.list_batches(session, actor)
    ]
    running = any(row["state"] != "done" for row in rows)
    return _page(request, "batches.html", actor, batches=rows, running=running)
