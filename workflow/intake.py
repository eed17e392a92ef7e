"""Register an upload: keep the original, parse it, record the result or the failure.

The original is stored before parsing, so a file that fails to parse is never lost
and can be re-processed when the parser improves.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.datamodel import ElementName
from core.errors import IngestError, NotFound
from ingest import IngestLimits, extract_bytes
from ingest.source import display_name, sha256_hex
from store.files import FileStore
from store.records import DocumentRecord

log = logging.getLogger(__name__)


def register_upload(
    *,
    session: Session,
    files: FileStore,
    data: bytes,
    filename: str | None,
    limits: IngestLimits,
) -> tuple[DocumentRecord, bool]:
    """Store and parse one file. Returns the record and whether it is new.

    The same content uploaded twice is one document: the first record is returned.
    """
    sha256 = sha256_hex(data)
    existing = session.scalar(select(DocumentRecord).where(DocumentRecord.sha256 == sha256))
    if existing is not None:
        return existing, False
    files.put(sha256, data)
    record = DocumentRecord(sha256=sha256, filename=display_name(filename), size=len(data))
    try:
        document = extract_bytes(data, filename=filename, limits=limits)
    except IngestError as exc:
        record.status = "failed"
        record.error_code = exc.code
        record.error_message = exc.message
        log.warning("ingest failed", extra={"sha256": sha256, "code": exc.code})
    else:
        record.status = "parsed"
        record.media_type = document.media_type.value
        record.page_count = document.page_count
        title = document.element(ElementName.TITLE)
        number = document.element(ElementName.DOC_NUMBER)
        record.title = title.value if title else None
        record.doc_number = number.value if number else None
        record.parsed = document.to_dict()
    session.add(record)
    try:
        session.flush()
    except IntegrityError:
        # Another request stored the same content between our check and our insert.
        session.rollback()
        existing = session.scalar(select(DocumentRecord).where(DocumentRecord.sha256 == sha256))
        if existing is None:
            raise
        return existing, False
    return record, True


def list_documents(*, session: Session, limit: int = 100, offset: int = 0) -> list[DocumentRecord]:
    query = select(DocumentRecord).order_by(DocumentRecord.id.desc()).limit(limit).offset(offset)
    return list(session.scalars(query))


def get_document(*, session: Session, document_id: int) -> DocumentRecord:
    record = session.get(DocumentRecord, document_id)
    if record is None:
        raise NotFound(f"no document with id {document_id}")
    return record
