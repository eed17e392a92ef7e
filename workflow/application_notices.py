"""The notices an application's handling sends (补正告知书, 延期答复告知书): composed from
the office's template when the step is recorded, kept beside the application as DOCX and
PDF, and served as issued — a later change of template does not rewrite a sent notice."""

from __future__ import annotations

import hashlib

from core.config import Settings
from core.errors import NotFound
from store.files import write_atomic
from store.records import ApplicationRecord
from workflow import letters
from workflow.applications import application_dir

TITLES = {"correction": "补正告知书", "extension": "延期答复告知书"}


def issue(settings: Settings, application: ApplicationRecord, kind: str, dated, values) -> dict:
    """Compose the ``kind`` notice and write it; what the audit entry records of it."""
    templates = letters.load_templates(settings.letters_path)
    notice = letters.compose_notice(
        templates,
        kind,
        office=application.office,
        reference=application.reference,
        applicant=application.applicant.get("name", ""),
        received_on=application.received_on,
        description=application.description,
        dated=dated,
        values=values,
    )
    written = write_letter(settings, application, notice, kind)
    return {"notice": kind, **{k: v for k, v in written.items() if k.endswith("_sha256")}}


def write_letter(settings: Settings, application: ApplicationRecord, letter, stem: str) -> dict:
    """``letter`` as ``{stem}-{id}.docx`` and ``.pdf`` beside the application: their
    paths under the data folder and their hashes."""
    folder = application_dir(settings, application.id)
    out: dict = {"title": letter.title}
    for fmt, data in (("docx", letters.to_docx(letter)), ("pdf", letters.to_pdf(letter))):
        name = f"{stem}-{application.id}.{fmt}"
        write_atomic(folder / name, data)
        out[fmt] = f"applications/{application.id}/{name}"
        out[fmt + "_sha256"] = hashlib.sha256(data).hexdigest()
    return out


def notice_file(
    settings: Settings, application: ApplicationRecord, kind: str, fmt: str
) -> tuple[bytes, str]:
    """The notice as it was sent."""
    if kind not in TITLES or fmt not in ("docx", "pdf"):
        raise NotFound("没有这种告知书（no such notice）")
    path = application_dir(settings, application.id) / f"{kind}-{application.id}.{fmt}"
    if not path.is_file():
        raise NotFound(f"本申请没有{TITLES[kind]}（no {kind} notice was sent）")
    return path.read_bytes(), path.name
