"""Processing a version: parse it, find personal data, suggest the attribute.

Runs as an rq job or in-process; either way it is idempotent. A version that is no
longer the document's latest, or a document that has left ``processing``, is left
alone, and the results are written in one transaction, so a worker killed half-way
leaves the document in ``processing`` for the retried job and never half-written.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import delete, select

from classify import active_model, suggest_with_settings
from core.config import Settings
from core.datamodel import Document, ElementName, Finding
from core.errors import GongkaiError
from ingest import IngestLimits, extract_bytes
from redact import build_detector
from redact.detect import Detector
from store.records import DocumentRecord, FindingRecord, VersionRecord
from workflow import declassify
from workflow import parsed as stored_parse
from workflow.deadlines import disclosure_deadline, load_calendar
from workflow.runtime import Runtime
from workflow.states import DOCUMENTS, State
from workflow.users import SYSTEM

log = logging.getLogger(__name__)


def process_version(runtime: Runtime, version_id: int) -> str:
    """Process one version; returns the document's state afterwards."""
    with runtime.session() as session:
        version = session.get(VersionRecord, version_id)
        if version is None:
            log.warning("no such version: job dropped", extra={"version_id": version_id})
            return "missing"
        document = version.document
        if document.current.id != version_id or document.state != State.PROCESSING:
            return document.state
        sha256, filename = version.sha256, version.filename
    try:
        parsed, findings, suggestion = _analyse(runtime, sha256, filename)
        # Stored once: preview, publication and the page view load it (workflow.parsed).
        stored_parse.save(runtime, parsed)
    except GongkaiError as exc:
        return _fail(runtime, version_id, exc.code, exc.message)
    except Exception as exc:
        log.exception("processing failed unexpectedly", extra={"version_id": version_id})
        _fail(runtime, version_id, "processing_failed", f"unexpected {type(exc).__name__}")
        raise

    try:
        return _finish(runtime, version_id, parsed, findings, suggestion)
    except Exception as exc:
        # Nothing of the attempt was kept (one transaction): record why, so the document
        # does not sit in processing, and let it be retried.
        log.exception("storing the processing result failed", extra={"version_id": version_id})
        _fail(runtime, version_id, "processing_failed", f"保存处理结果失败（{type(exc).__name__}）")
        raise


def _analyse(runtime: Runtime, sha256: str, filename: str | None):
    """Parse, detect and suggest within the budget: in a child process (the embedded
    server, ``workflow.sandbox``), or here in a worker that bounds itself."""
    from workflow import sandbox

    settings = runtime.settings
    if settings.sandbox:
        result = sandbox.analyse(settings, str(runtime.files.path_for(sha256)), filename)
        return result.document, result.findings, result.suggestion
    with sandbox.budget(settings):
        parsed = extract_bytes(
            runtime.files.get(sha256),
            filename=filename,
            limits=IngestLimits.from_settings(settings),
        )
        findings = detector_for(settings).detect(parsed)
        return parsed, findings, suggest_with_settings(parsed, findings, settings)


def _finish(runtime: Runtime, version_id: int, parsed, findings, suggestion) -> str:
    with runtime.session() as session:
        version = session.get(VersionRecord, version_id)
        document = session.scalar(
            select(DocumentRecord).where(DocumentRecord.id == version.document_id).with_for_update()
        )
        if document.current.id != version_id or document.state != State.PROCESSING:
            return document.state  # another worker finished it, or a newer version came
        _store(session, document, version, parsed, findings, suggestion.to_dict(parsed.text))
        declassify.note_marking(document, version.number, parsed)
        declassify.refresh(session, document)
        written = _written_date(parsed)
        document.written_date = written
        deadline = disclosure_deadline(
            written or document.created_at.date(), load_calendar(runtime.settings.holidays_path)
        )
        document.disclosure_due = deadline.due
        DOCUMENTS.move(
            session,
            document,
            State.IN_REVIEW,
            actor=SYSTEM.username,
            action="document.processed",
            after={
                "version": version.number,
                "suggested_attribute": suggestion.attribute.value,
                "publication_blocked": document.publication_blocked,
                "findings": len(findings),
                "disclosure_due": document.disclosure_due,
                "calendar_complete": deadline.calendar_complete,
            },
        )
        return document.state


def _store(
    session,
    document: DocumentRecord,
    version: VersionRecord,
    parsed: Document,
    findings,
    suggestion,
) -> None:
    # A retried job replaces what an earlier attempt may have written.
    session.execute(delete(FindingRecord).where(FindingRecord.version_id == version.id))
    session.add_all(finding_record(version.id, f) for f in findings)
    version.parsed = parsed.to_dict()
    version.media_type = parsed.media_type.value
    version.page_count = parsed.page_count
    title = parsed.element(ElementName.TITLE)
    number = parsed.element(ElementName.DOC_NUMBER)
    document.title = title.value if title else (parsed.metadata.title or version.filename)
    document.doc_number = number.value if number else None
    document.suggestion = suggestion
    document.error_code = document.error_message = None


def finding_record(version_id: int, finding: Finding) -> FindingRecord:
    return FindingRecord(
        version_id=version_id,
        start=finding.start,
        end=finding.end,
        category=finding.category.value,
        text=finding.text,
        score=finding.score,
        recognizer=finding.recognizer,
        explanation=finding.explanation,
        legal_basis=finding.legal_basis,
        suggested_action=finding.action.value,
        action_reason=finding.action_reason,
        source="detector",
    )


def _written_date(parsed: Document) -> date | None:
    element = parsed.element(ElementName.DATE)
    if element is None:
        return None
    try:
        return date.fromisoformat(element.value)
    except ValueError:
        return None


def fail_lost(session, version_id: int, attempts: int) -> None:
    """The processing of this version was lost ``attempts`` times (its worker killed,
    its server stopped): the file is marked failed with the reason, not tried forever."""
    version = session.get(VersionRecord, version_id)
    if version is None:
        return
    _mark_failed(
        session,
        version,
        "processing_lost",
        f"处理该文件的进程已 {attempts} 次意外中止（文件可能过于复杂或已损坏），可稍后重试"
        f"（processing was lost {attempts} times）",
    )


def _fail(runtime: Runtime, version_id: int, code: str, message: str) -> str:
    with runtime.session() as session:
        version = session.get(VersionRecord, version_id)
        return _mark_failed(session, version, code, message)


def _mark_failed(session, version: VersionRecord, code: str, message: str) -> str:
    version_id = version.id
    document = session.scalar(
        select(DocumentRecord).where(DocumentRecord.id == version.document_id).with_for_update()
    )
    if document.current.id != version_id or document.state != State.PROCESSING:
        return document.state
    document.error_code, document.error_message = code, message
    DOCUMENTS.move(
        session,
        document,
        State.FAILED,
        actor=SYSTEM.username,
        action="document.failed",
        after={"error_code": code, "error": message},
    )
    log.warning("processing failed", extra={"version_id": version_id, "code": code})
    return document.state


def warm_up(settings: Settings) -> None:
    """Load the NER and the classifier's libraries and run each once, so a worker's
    first document costs what every other one does (it took two seconds more)."""
    import classify.model  # noqa: F401  (scikit-learn, imported on first use otherwise)

    detector_for(settings).detect_text("联系人：张伟，电话13912345678。")
    active_model(settings.classifier_path)


def detector_for(settings: Settings) -> Detector:
    return _detector(settings.ner_model_path, settings.policy_path)


@lru_cache(maxsize=2)
def _detector(ner_model_path: Path, policy_path: Path | None) -> Detector:
    """One detector (and one loaded NER) per process and configuration."""
    return build_detector(Settings(ner_model_path=ner_model_path, policy_path=policy_path))
