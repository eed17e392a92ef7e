"""Labelled documents for training and evaluation, and what the model sees of them.

Corpus format (JSONL): ``{"text": ...}`` or ``{"path": ...}`` (relative to the corpus
file), ``"attribute"`` (主动公开 / 依申请公开 / 不予公开), optional ``"ground"`` (a ground
such as 过程性信息, or the article as an agency wrote it: "第十六条第二款 过程性信息（讨论
记录）"), ``"category"``, ``"title"``, ``"text_kind"`` (a catalogue item, a description
or a title: read as a short text). An office's back catalogue comes as a folder plus a
CSV of file name → attribute (``catalogue_lines``).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from classify import law
from classify.reading import read
from classify.rules import addressing, individual_matter, proactive_scope, withholding_grounds
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
    #: The article the label cites, as the source wrote it (第十四条 …).
    article: str | None = None
    #: True for a title, catalogue item or description; None: judged from the text.
    short: bool | None = None


#: Words of an agency's ground → the ground; first found wins (an agency citing
#: "内部事务信息/过程性信息" gets the first).
_GROUND_WORDS = (
    ("国家秘密", Ground.STATE_SECRET),
    ("三安全一稳定", Ground.SECURITY),
    ("危及", Ground.SECURITY),
    ("禁止公开", Ground.LAW_FORBIDS),
    ("商业秘密", Ground.TRADE_SECRET),
    ("个人隐私", Ground.PRIVACY),
    ("内部事务", Ground.INTERNAL),
    ("过程性", Ground.PROCESS),
    ("行政执法案卷", Ground.ENFORCEMENT),
)
_ARTICLE = re.compile(r"第[一二三四五六七八九十]+条(?:第[一二三四五六七八九十]+款)?")
_SHORT_KINDS = frozenset({"catalogue item", "requested-information description", "document title"})


def parse_ground(raw: str | None) -> tuple[Ground | None, str | None]:
    """A ground as a corpus gives it: a ``Ground`` value, or an agency's wording."""
    if not raw:
        return None, None
    try:
        ground = Ground(raw)
        return ground, ground.article
    except ValueError:
        pass
    article = _ARTICLE.search(raw)
    found = [(raw.find(word), g) for word, g in _GROUND_WORDS if word in raw]
    ground = min(found, key=lambda x: x[0])[1] if found else None
    if ground is None and article is None:
        raise ValueError(f"not a ground: {raw!r}")
    return ground, article.group() if article else ground.article


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
            ground, article = parse_ground(record.get("ground"))
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
        short = True if record.get("text_kind") in _SHORT_KINDS else None
        out.append(Labelled(document, attribute, ground, record.get("category"), article, short))
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


_ANSWERS = (ElementName.DISCLOSURE_MARKING, ElementName.SECRECY)


def _answer_spans(document: Document) -> list[tuple[int, int]]:
    """Where the document states its own attribute: the 附注 marking, a 附注 line that
    carries it, the 密级, and marking words anywhere (此件公开发布, 公开方式：主动公开)."""
    spans = [(e.start, e.end) for e in document.elements if e.name in _ANSWERS]
    spans += [
        (e.start, e.end)
        for e in document.elements
        if e.name == ElementName.NOTE and law.MARKING_WORDS.search(document.text, e.start, e.end)
    ]
    spans += [m.span() for m in law.MARKING_WORDS.finditer(document.text)]
    return sorted(spans)


def unmarked(document: Document) -> Document:
    """The document as if it carried no marking: what states its attribute blanked out
    (offsets kept) and those elements dropped. Evaluating a suggestion on it measures
    what the rules and the model find, not what the drafter wrote in the 附注."""
    spans = _answer_spans(document)
    if not spans:
        return document
    text = list(document.text)
    for start, end in spans:
        text[start:end] = [" "] * (end - start)
    cut = {(s, e) for s, e in spans}
    elements = tuple(
        e
        for e in document.elements
        if e.name not in _ANSWERS and not (e.name == ElementName.NOTE and (e.start, e.end) in cut)
    )
    return replace(document, text="".join(text), elements=elements)


def model_input(document: Document, short: bool | None = None) -> dict:
    """What the model reads: the text without what states the answer (附注 marking,
    密级, marking words), the title and elements apart, and the rules' findings as flags."""
    pieces, at = [], 0
    for start, end in _answer_spans(document):
        if start >= at:
            pieces.append(document.text[at:start])
        at = max(at, end)
    pieces.append(document.text[at:])
    title = document.element(ElementName.TITLE)
    elements = " ".join(
        f"{e.name.value}={e.value}"
        for e in document.elements
        if e.name not in _ANSWERS and e.name != ElementName.NOTE
    )
    reading = read(document, short)
    hits = [
        h
        for rule in (withholding_grounds, individual_matter, proactive_scope, addressing)
        for h in rule(reading, ())
    ]
    return {
        "title": title.value if title else "",
        "elements": elements,
        "text": "".join(pieces),
        "rules": {f"rule:{h.evidence.rule}": 1.0 for h in hits},
    }


def corpus_hash(corpus: list[Labelled]) -> str:
    digest = hashlib.sha256()
    for item in corpus:
        digest.update(f"{item.document.sha256}:{item.attribute.value}\n".encode())
    return digest.hexdigest()
