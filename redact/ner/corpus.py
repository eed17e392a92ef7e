"""Read the NER corpora and map their labels to ours: PER, LOC, ORG.

Every corpus labels differently (see ../shared/data/ner/README.md). Places and street
addresses share LOC: which of them is personal data is the policy's call (granularity),
not the model's. Labels with no counterpart here (job titles, games, books, phone
numbers — the pattern recognisers find those) are dropped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LABELS = ("PER", "LOC", "ORG")

LABEL_MAP: dict[str, str] = {
    # person
    "PER": "PER", "name": "PER", "NAME": "PER", "PER.NAM": "PER", "P": "PER",
    # place or address
    "LOC": "LOC", "GPE.NAM": "LOC", "LOC.NAM": "LOC", "address": "LOC", "ADDRESS": "LOC",
    # organisation
    "ORG": "ORG", "organization": "ORG", "company": "ORG", "government": "ORG",
    "ORG.NAM": "ORG",
}  # fmt: skip

#: corpus name -> (training file, development file or None)
CORPORA: dict[str, tuple[str, str | None]] = {
    "msra": ("msra_train.jsonl", "msra_dev.jsonl"),
    "cluener": ("cluener_train.jsonl", None),
    "resume": ("resume_train.jsonl", "resume_dev.jsonl"),
    "weibo": ("weibo_train.jsonl", "weibo_dev.jsonl"),
    "address": ("address_train.jsonl", "address_dev.jsonl"),
    "waybill": ("waybill_train.jsonl", "waybill_dev.jsonl"),
}
#: CLUENER ships no dev split here: this share of its training file (chosen by a hash of
#: the text, so the same sentences every time) is held out for evaluation.
CLUENER_HELDOUT_PERCENT = 10


@dataclass(frozen=True)
class Example:
    text: str
    entities: tuple[tuple[int, int, str], ...]  # mapped labels only


def read_jsonl(path: Path) -> Iterator[Example]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                raw = record.get("entities", [])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a corpus line ({exc})") from exc
            yield Example(text, map_entities(text, raw))


def map_entities(text: str, raw) -> tuple[tuple[int, int, str], ...]:
    mapped = []
    for start, end, label in raw:
        ours = LABEL_MAP.get(label)
        if ours is not None and 0 <= start < end <= len(text):
            mapped.append((int(start), int(end), ours))
    mapped.sort()
    # Some corpora nest or overlap spans; keep the first of overlapping ones.
    out: list[tuple[int, int, str]] = []
    for span in mapped:
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return tuple(out)


def is_heldout(text: str) -> bool:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return digest[0] * 100 // 256 < CLUENER_HELDOUT_PERCENT


def training_examples(data: Path, corpora: list[str]) -> Iterator[tuple[str, Example]]:
    for name in corpora:
        train_file, _ = CORPORA[name]
        for example in read_jsonl(data / train_file):
            if name == "cluener" and is_heldout(example.text):
                continue
            yield name, example


def evaluation_sets(data: Path, corpora: list[str]) -> dict[str, list[Example]]:
    """Each corpus's dev split; for CLUENER, its held-out slice."""
    sets: dict[str, list[Example]] = {}
    for name in corpora:
        train_file, dev_file = CORPORA[name]
        if dev_file is not None:
            sets[name] = list(read_jsonl(data / dev_file))
        elif name == "cluener":
            sets["cluener_heldout"] = [
                e for e in read_jsonl(data / train_file) if is_heldout(e.text)
            ]
    return sets
