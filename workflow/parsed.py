"""The typed parse of a file, stored once and loaded instead of parsing again.

Processing stores what ingest made of a file — text, blocks, elements and a box per
character — beside the original, keyed by the file's sha256 and the version of the
parser that made it. Preview, publication, the page view and retraining load it: a
born-digital PDF is read once, a scan is OCRed once, a .doc converted once.

When the parser that would run now has another version, the stored parse is stale:
the original is parsed again and the new parse stored. The caller compares the text
with what the reviewers saw (publication sends a document whose text changed back to
review: offsets decided on the old text mean nothing in the new one).
"""

from __future__ import annotations

import gzip
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from core.datamodel import Document
from ingest import IngestLimits, extract_bytes
from ingest.formats import default_registry
from store.files import write_atomic
from workflow.runtime import Runtime

log = logging.getLogger(__name__)

_SAFE = re.compile(r"[^a-z0-9_.-]")


@dataclass(frozen=True)
class Loaded:
    document: Document
    #: True when the stored parse was stale (or missing) and the file was parsed again.
    reparsed: bool


def path_for(runtime: Runtime, sha256: str, parser_version: str) -> Path:
    # The hash is checked by the file store; the version comes from our own code, and is
    # still reduced to safe characters because it becomes part of a file name.
    runtime.files.path_for(sha256)
    version = _SAFE.sub("_", parser_version.lower())
    return runtime.files.root / "parsed" / sha256[:2] / f"{sha256}.{version}.json.gz"


def save(runtime: Runtime, document: Document) -> None:
    data = json.dumps(
        document.to_dict(include_boxes=True, exact_boxes=True),
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    write_atomic(
        path_for(runtime, document.sha256, document.parser_version),
        gzip.compress(data, compresslevel=6, mtime=0),
    )


def load(runtime: Runtime, sha256: str, filename: str | None, media_type: str | None) -> Loaded:
    """The parse of the stored original ``sha256`` by today's parser."""
    if media_type:
        current = default_registry().by_media_type(media_type).parser_version
        path = path_for(runtime, sha256, current)
        if path.exists():
            try:
                stored = json.loads(gzip.decompress(path.read_bytes()))
                return Loaded(Document.from_dict(stored), reparsed=False)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                # A damaged cache is no loss: the original is the record. Parse it again.
                log.warning("stored parse unreadable", extra={"sha256": sha256, "error": str(exc)})
    document = extract_bytes(
        runtime.files.get(sha256),
        filename=filename,
        limits=IngestLimits.from_settings(runtime.settings),
    )
    save(runtime, document)
    return Loaded(document, reparsed=True)
