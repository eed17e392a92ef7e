"""``apply``: write the publishable file for a document and its confirmed redactions.

The written file is checked for leaks before it is returned; a PDF that still shows
removed text anywhere is written again with its redacted pages rasterised, and if even
that leaks, nothing is returned.
"""

from __future__ import annotations

import hashlib
import logging

from core.datamodel import Document, MediaType, RedactedFile, Redaction
from redact.errors import InvalidSpans, RedactionError
from redact.marks import MarkStyle, merged
from redact.verify import verify
from redact.writers.docx import write_docx
from redact.writers.pdf import write_pdf
from redact.writers.text import write_text

log = logging.getLogger(__name__)


def apply(
    document: Document,
    redactions: list[Redaction],
    style: MarkStyle | None = None,
    *,
    original: bytes,
) -> RedactedFile:
    style = style or MarkStyle()
    if hashlib.sha256(original).hexdigest() != document.sha256:
        raise RedactionError("the file given is not the file the document was parsed from")
    for r in redactions:
        if not 0 <= r.start < r.end <= len(document.text):
            raise InvalidSpans(
                f"span {r.start}..{r.end} is outside the document's text (0..{len(document.text)})"
            )
    spans = merged(redactions)
    rasterised: tuple = ()
    if document.media_type == MediaType.PDF:
        data, entries, scrubbed, rasterised = write_pdf(document, original, spans, style)
    elif document.media_type == MediaType.DOCX:
        data, entries, scrubbed = write_docx(document, original, spans, style)
    else:
        data, entries, scrubbed = write_text(document, spans, style)
    report = verify(document, spans, data, style)
    if not report.ok and document.media_type == MediaType.PDF:
        log.warning(
            "text left after editing; rasterising the redacted pages",
            extra={"sha256": document.sha256},
        )
        from redact.writers.pdf import rasterise_all

        data, rasterised = rasterise_all(document, original, spans, style)
        report = verify(document, spans, data, style)
    if not report.ok:
        categories = sorted({leak.category.label for leak in report.leaks})
        raise RedactionError(
            f"the leak check failed ({'、'.join(categories)}): nothing was written"
        )
    return RedactedFile(
        data=data,
        media_type=document.media_type,
        sha256=hashlib.sha256(data).hexdigest(),
        entries=tuple(entries),
        scrubbed=tuple(scrubbed),
        rasterised=tuple(rasterised),
        verification=report.summary(),
    )
