"""Labelled documents for training and evaluation, and what the model sees of them.

Corpus format (JSONL): ``{"text": ...}`` or ``{"path": ...}`` (relative to the corpus
file), ``"attribute"`` (主动公开 / 依申请公开 / 不予公开), optional ``"ground"``,
``"category"``, ``"title"``. An office's back catalogue comes as a folder plus a CSV of
file name → attribute (``catalogue_lines``).
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from classify.rules import document_type
from core.datamodel import DisclosureAttribute, Document, ElementName, Ground
from core.errors import GongkaiError
from ingest import IngestLimits, extract, extract_bytes


class CorpusError(GongkaiError):
    code = "invalid_corpus"


@dataclass(frozen=True)
class Labelled:
    document: Document
    attribute: DisclosureAttribute
    ground: Ground | None = None
    category: str | None = None


def load_corpus(path: Path, limits: IngestLimits | None = None) -> list[Labelled]:
    limits = limits or IngestLimits()
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            attribute = DisclosureAttribute(record["attribute"])
            ground = Ground(record["ground"]) if record.get("ground") else None
            if "text" in record:
                text = str(record["text"])
                title = record.get("title")
                if title and not text.lstrip().startswith(title):
                    text = f"{title}\n{text}"
                document = extract_bytes(
                    text.encode("utf-8"), filename=f"line-{number}.txt", limits=limits
                )
            else:
                document = extract((path.parent / record["path"]).resolve(), limits=limits)
        except GongkaiError as exc:
            raise CorpusError(f"{path}:{number}: {exc.message}") from exc
        except (json.JSONDecodeError, KeyError, ValueError, TypeError, OSError) as exc:
            raise CorpusError(f"{path}:{number}: not a corpus line ({exc})") from exc
        out.append(Labelled(document, attribute, ground, record.get("category")))
    if not out:
        raise CorpusError(f"{path} holds no labelled documents")
    return out


def catalogue_lines(folder: Path, labels_csv: Path) -> list[dict]:
    """Corpus lines for a labelled back catalogue: CSV columns ``file``, ``attribute``
    (and optionally ``ground``, ``category``)."""
    lines = []
    try:
        with labels_csv.open(encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                name = (row.get("file") or "").strip()
                path = (folder / name).resolve()
                if not name or not path.is_relative_to(folder.resolve()) or not path.is_file():
                    raise CorpusError(f"{labels_csv}:{number}: no file {name!r} in {folder}")
                DisclosureAttribute(row.get("attribute", "").strip())
                lines.append(
                    {
                        "path": str(path),
                        "attribute": row["attribute"].strip(),
                        "ground": (row.get("ground") or "").strip() or None,
                        "category": (row.get("category") or "").strip() or None,
                    }
                )
    except (OSError, ValueError, KeyError) as exc:
        raise CorpusError(f"{labels_csv}: {exc}") from exc
    return lines


_ANSWERS = (ElementName.DISCLOSURE_MARKING, ElementName.NOTE, ElementName.SECRECY)


def model_input(document: Document) -> dict:
    """What the model reads: the text without the markings that state the answer (附注
    lines, 密级), the title and elements apart, and the document-type rule flags."""
    cut = sorted((e.start, e.end) for e in document.elements if e.name in _ANSWERS)
    pieces, at = [], 0
    for start, end in cut:
        if start >= at:
            pieces.append(document.text[at:start])
            at = end
    pieces.append(document.text[at:])
    title = document.element(ElementName.TITLE)
    elements = " ".join(
        f"{e.name.value}={e.value}" for e in document.elements if e.name not in _ANSWERS
    )
    flags = {f"type:{h.evidence.rule}": 1.0 for h in document_type(document, ())}
    return {
        "title": title.value if title else "",
        "elements": elements,
        "text": "".join(pieces),
        "rules": flags,
    }


def corpus_hash(corpus: list[Labelled]) -> str:
    digest = hashlib.sha256()
    for item in corpus:
        digest.update(f"{item.document.sha256}:{item.attribute.value}\n".encode())
    return digest.hexdigest()
