"""The list pages: the queue for a day's work, the publication queue, batches and
statistics."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import SessionDep, SettingsDep
from api.schemas import DocumentSummary
from api.web.common import MEDIA_LABELS, error_page, page, to_login, visitor
from core.datamodel import DisclosureAttribute
from core.errors import GongkaiError
from workflow import batch, intake
from workflow.deadlines import load_calendar, working_days_left
from workflow.queue import SORTS, publication_queue, review_queue
from workflow.states import State
from workflow.stats import statistics
from workflow.users import Permission

router = APIRouter(prefix="/ui", include_in_schema=False)

SORT_LABELS = {"due": "公开期限", "newest": "最新上传", "undecided": "未决最多", "title": "标题"}


@router.get("/", response_class=HTMLResponse)
def queue_page(
    request: Request,
    session: SessionDep,
    state: Annotated[str | None, Query(max_length=32)] = None,
    attribute: Annotated[str | None, Query(max_length=16)] = None,
    office: Annotated[str | None, Query(max_length=128)] = None,
    type: Annotated[str | None, Query(max_length=128)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    sort: Annotated[str, Query(max_length=16)] = "due",
    overdue: bool = False,
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    who = visitor(request, session)
    if isinstance(who, str):
        return to_login(request, who)
    actor = who.actor
    if state is None and actor.can(Permission.REVIEW):
        state = State.IN_REVIEW.value  # a reviewer's day starts with what waits for review
    if state in ("all", "") or state not in {s.value for s in State} | {None}:
        state = None
    sort = sort if sort in SORTS else "due"
    media_type = type if type in MEDIA_LABELS else None
    today = date.today()
    try:
        result = review_queue(
            session,
            actor,
            state=state,
            attribute=attribute or None,
            office=office or None,
            media_type=media_type,
            search=q,
            overdue_on=today if overdue else None,
            sort=sort,
            page=page_no,
        )
        counts = intake.count_by_state(session, actor)
    except GongkaiError as exc:
        return error_page(request, who, exc)
    filters = {
        "state": state or "all",
        "attribute": attribute or "",
        "office": office or "",
        "type": media_type or "",
        "q": q or "",
        "sort": sort,
        "overdue": "true" if overdue else "",
    }
    kept = {k: v for k, v in filters.items() if v}

    def page_url(number: int) -> str:
        return "/ui/?" + urlencode(kept | {"page": number})

    return page(
        request,
        "queue.html",
        who,
        rows=[(DocumentSummary.of(r.document), r.findings, r.undecided) for r in result.rows],
        total=result.total,
        page_no=result.page,
        pages=result.pages,
        prev_url=page_url(result.page - 1) if result.page > 1 else None,
        next_url=page_url(result.page + 1) if result.page < result.pages else None,
        counts=counts,
        today=today,
        filters=filters,
        attributes=[a.value for a in DisclosureAttribute],
        media_types=MEDIA_LABELS,
        sorts=SORT_LABELS,
    )


@router.get("/publication", response_class=HTMLResponse)
def publication_page(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    who = visitor(request, session)
    if isinstance(who, str):
        return to_login(request, who)
    today = date.today()
    calendar = load_calendar(settings.holidays_path)
    items = [
        (
            DocumentSummary.of(d),
            working_days_left(today, d.disclosure_due, calendar) if d.disclosure_due else None,
        )
        for d in publication_queue(session, who.actor)
    ]
    return page(request, "publication.html", who, items=items, today=today)


@router.get("/statistics", response_class=HTMLResponse)
def statistics_page(request: Request, session: SessionDep) -> Response:
    who = visitor(request, session)
    if isinstance(who, str):
        return to_login(request, who)
    try:
        figures = statistics(session, who.actor, today=date.today())
    except GongkaiError as exc:
        return error_page(request, who, exc)
    return page(request, "statistics.html", who, figures=figures)


@router.get("/batches", response_class=HTMLResponse)
def batches_page(request: Request, session: SessionDep) -> Response:
    """The same progress as ``gongkai batch status`` and ``/api/v1/batches``."""
    who = visitor(request, session)
    if isinstance(who, str):
        return to_login(request, who)
    now = datetime.now(UTC)
    try:
        progress = [
            (b, batch.progress(session, b.id, who.actor))
            for b in batch.list_batches(session, who.actor)
        ]
    except GongkaiError as exc:
        return error_page(request, who, exc)
    rows = []
    for b, p in progress:
        # Files that are copies of one already registered (same content) are settled
        # as soon as registered: counted with the finished ones, so a finished batch
        # reads 8/8, not 5/8.
        copies = max(0, p.files - p.refused - p.registered)
        finished = p.state == "done" and p.waiting == 0
        rows.append(
            {
                "root": b.root,
                "office": b.office,
                **p.to_dict(now),
                "settled": p.done + copies,
                "copies": copies,
                "state_label": "完成"
                if finished
                else {"registering": "登记中", "processing": "处理中", "done": "处理中"}.get(
                    p.state, p.state
                ),
                "finished": finished,
            }
        )
    running = any(not row["finished"] for row in rows)
    return page(request, "batches.html", who, batches=rows, running=running)
