"""Legacy formats (.doc, .wps, .rtf, .odt, .xls, .et): the original is converted again
(the same sandboxed LibreOffice conversion ingest parsed, so the same text) and the
converted DOCX or XLSX is redacted and published; the original is never edited."""

from __future__ import annotations

from ingest.formats import default_registry
from ingest.limits import IngestLimits
from redact.writers import Written
from redact.writers.docx import REDACTION as DOCX
from redact.writers.xlsx import REDACTION as XLSX


class LegacyRedaction:
    def _target(self, document, original: bytes):
        fmt = default_registry().by_media_type(document.media_type)
        converted = fmt.converted(original, IngestLimits())
        return (DOCX if fmt.convert_to == "docx" else XLSX), converted

    def write(self, document, original, spans, style) -> Written:
        writer, converted = self._target(document, original)
        written = writer.write(document, converted, spans, style)
        note = f"published as {written.media_type.value}, converted from {document.media_type}"
        return Written(
            written.data,
            written.media_type,
            written.entries,
            (note, *written.scrubbed),
            written.rasterised,
        )

    def rewrite(self, document, original, spans, style) -> None:
        return None

    def extract(self, output: bytes):
        raise NotImplementedError("legacy formats are published as DOCX or XLSX")


REDACTION = LegacyRedaction()
