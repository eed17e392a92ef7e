"""``apply``: write the publishable file for a document and its confirmed redactions.

The writer is the redaction half of the document's format plug-in
(``ingest.formats``). The written file is checked for leaks before it is returned; a
file that still shows removed text anywhere is written again the format's more robust
way where it has one (PDF: the redacted pages rasterised), and if even that leaks,
nothing is returned.
"""

from __future__ import annotations

import hashlib
import logging

from core.datamodel import Document, RedactedFile, Redaction
from ingest.formats import FormatRegistry, default_registry
from redact.errors import InvalidSpans, RedactionError
from redact.marks import MarkStyle, merged
from redact.verify import verify
from redact.writers import Redactor

log = logging.getLogger(__name__)


def apply(
    document: Document,
    redactions: list[Redaction],
    style: MarkStyle | None = None,
    *,
    original: bytes,
    registry: FormatRegistry | None = None,
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
    fmt = (registry or default_registry()).by_media_type(document.media_type)
    redactor: Redactor = fmt.redactor()
    written = redactor.write(document, original, spans, style)
    report = verify(document, spans, written.data, style, output_type=written.media_type)
    if not report.ok:
        again = redactor.rewrite(document, original, spans, style)
        if again is not None:
            log.warning(
                "text left after editing; writing the redacted parts again",
                extra={"sha256": document.sha256, "format": fmt.name},
            )
            written = again
            report = verify(document, spans, written.data, style, output_type=written.media_type)
    if not report.ok:
        categories = sorted({leak.category.label for leak in report.leaks})
        raise RedactionError(
            f"泄露检查未通过（{'、'.join(categories)}），未写出任何文件"
            f"（the leak check failed: nothing was written）"
        )
    return RedactedFile(
        data=written.data,
        media_type=written.media_type,
        sha256=hashlib.sha256(written.data).hexdigest(),
        entries=written.entries,
        scrubbed=written.scrubbed,
        rasterised=written.rasterised,
        verification=report.summary(),
    )
