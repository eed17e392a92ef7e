"""The document page: the text (or the PDF's pages) with every finding marked, the list
of findings to decide, the attribute, the release with a last look, and the history."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import DocumentId, SessionDep
from api.schemas import DocumentSummary, FindingOut
from api.web.common import error_page, page, to_login, visitor
from api.web.render import category_label, document_view, finding_pages, history_rows
from core.datamodel import CATEGORY_LABELS, DisclosureAttribute, ElementName, Ground
from core.errors import GongkaiError
from store.records import DocumentRecord, UserRecord
from workflow import audit, intake, review
from workflow.readiness import release_refusal
from workflow.states import REVIEWABLE, State
from workflow.users import Actor, Permission

router = APIRouter(prefix="/ui", include_in_schema=False)

# The 附注 itself is in the text; its disclosure marking is what the reviewer needs up top.
PROMINENT = (ElementName.SECRECY, ElementName.DISCLOSURE_MARKING)
_DECIDED = frozenset({State.CLEARED, State.WITHHELD, State.ON_APPLICATION})


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: DocumentId, session: SessionDep) -> Response:
    who = visitor(request, session)
    if isinstance(who, str):
        return to_login(request, who)
    try:
        document = intake.get_document(session, document_id, who.actor)
        context = review_page(session, document, who.actor)
    except GongkaiError as exc:
        return error_page(request, who, exc)
    return page(request, "document.html", who, **context)


def source_label(source: str | None) -> str:
    if not source:
        return "—"
    if source.startswith("rules+model:"):
        return f"规则和模型（{source.removeprefix('rules+model:')}）"
    return {"rules": "规则"}.get(source, source)


def _json(value) -> str:
    # "<" escaped: document text must not be able to close the script element.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def review_page(session: Session, document: DocumentRecord, actor: Actor) -> dict:
    """Everything the document page shows, and which controls the actor gets here."""
    findings = review.findings_of(session, document.id, actor)
    version = document.current
    parsed = version.parsed or {}
    state = State(document.state)
    reviewable = state in REVIEWABLE
    # Every paged format (PDF, scans, OFD) has a page view, not only PDF.
    pages = finding_pages(parsed, findings) if version.page_count else {}
    names = dict(
        session.execute(
            select(UserRecord.id, UserRecord.username).where(
                UserRecord.id.in_({f.decided_by for f in findings if f.decided_by})
            )
        ).all()
    )
    items = []
    for f in findings:
        item = FindingOut.model_validate(f).model_dump(mode="json")
        item |= {
            "label": category_label(f.category),
            "page": pages.get(f.id),
            "keep_reason": review.default_keep_reason(f),
            "decided_by_name": names.get(f.decided_by),
        }
        items.append(item)
    suggestion = document.suggestion or {}
    refusal = release_refusal(document, findings)
    history = []
    if actor.can(Permission.AUDIT):
        history = history_rows(audit.trail(session, document.id), lambda s: State(s).label)
    return {
        "document": DocumentSummary.of(document),
        "suggestion": document.suggestion,
        "source_label": source_label(suggestion.get("source")),
        "blocks": document_view(parsed, findings),
        "findings": findings,
        "finding_items": items,
        "findings_json": _json(items),
        "guesses_json": _json([[p.pattern, c.value] for p, c in review.GUESSES]),
        "markings": [e for e in parsed.get("elements", []) if e["name"] in PROMINENT],
        "undecided": sum(1 for f in findings if f.decision is None),
        "attributes": [a.value for a in DisclosureAttribute],
        "grounds": [(g.value, g.article) for g in Ground],
        "categories": [(c.value, label) for c, label in CATEGORY_LABELS.items()],
        "chosen_attribute": document.attribute
        or document.proposed_attribute
        or suggestion.get("attribute"),
        "chosen_ground": document.ground or document.proposed_ground or suggestion.get("ground"),
        "history": history,
        "can_review": actor.can(Permission.REVIEW) and reviewable,
        "can_propose": actor.can(Permission.PROPOSE) and reviewable,
        "can_reopen": actor.can(Permission.REVIEW) and state in _DECIDED,
        "show_release": actor.can(Permission.RELEASE),
        "can_release": actor.can(Permission.RELEASE) and refusal is None,
        "release_refusal": refusal,
        "locked": None if reviewable else f"文件处于“{state.label}”，审查决定不能再改动。",
    }
