"""Detection measured on real published documents, labelled by hand (``tests/data/real``).

Each ``NAME.txt`` there has a ``NAME.yaml`` beside it: where it came from, its kind and
split, and two lists — ``must_redact`` (what a confidentiality reviewer must remove) and
``must_keep`` (what a detector might wrongly remove). This script parses every text
through ``ingest.extract_bytes`` (so blocks and GB/T 9704 elements exist as in
production), runs the detection pass production uses
(``workflow.processing.detector_for(Settings())``) and reports:

- must-redact recall: occurrences fully covered by ``redact`` findings, and by
  ``redact`` or ``review`` findings;
- leaks: occurrences not fully covered by ``redact`` ∪ ``review``; identifier leaks
  (ID, phone, card, plate … numbers) counted apart from names and addresses;
- over-redaction: must-keep occurrences overlapped by a ``redact`` finding, per kind;
- precision of ``redact``: findings that overlap a must-redact occurrence;
- decisions asked: findings a reviewer must decide (``redact`` or ``review``) per
  document, against the must-redact items.

Run: ``python bench/real_devset.py [--split dev|holdout|all] [--prefix h3_] [--json OUT]
[--no-ner]``.
The scoring functions below take plain spans and are importable (the tests use them).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data" / "real"

#: The detector's categories a must-redact label may name.
CATEGORIES = frozenset(
    {
        "person_name",
        "id_card",
        "mobile_phone",
        "landline_phone",
        "email",
        "bank_card",
        "passport",
        "travel_permit",
        "social_security_card",
        "license_plate",
        "qq",
        "wechat",
        "ip_address",
        "birth_date",
        "address",
    }
)
#: The must-keep kinds that are people in office or named on purpose: the issue's bar
#: for over-redaction (≤ 5 %) is on these.
PEOPLE = ("official", "notice_subject", "judge", "lawyer")
#: Numbers and handles: one of these leaking is an identifier leak (target: none).
IDENTIFIERS = CATEGORIES - {"person_name", "address", "birth_date"}
#: What a must-keep item is.
KEEP_KINDS = frozenset(
    {
        "official",
        "notice_subject",
        "judge",
        "lawyer",
        "byline",
        "agency_contact",
        "masked",
        "organisation",
        "place",
    }
)
DOC_KINDS = frozenset(
    {
        "penalty_decision",
        "judgment",
        "leading_group",
        "appointment",
        "gongshi",
        "agency_notice",
        "foi_reply",
        "review_decision",
        "news",
        "deidentified",
    }
)
SPLITS = ("dev", "holdout")
REDACT, REVIEW, KEEP = "redact", "review", "keep"


# --- labels -------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One labelled string: ``tag`` is the category (must_redact) or kind (must_keep)."""

    text: str
    tag: str
    occurrences: str | tuple[int, ...] = "all"
    note: str = ""


@dataclass(frozen=True)
class Labelled:
    name: str
    text: str
    source: str
    kind: str
    split: str
    excerpt: bool
    must_redact: tuple[Item, ...]
    must_keep: tuple[Item, ...]
    meta: dict = field(default_factory=dict, compare=False)


def _items(raw: Iterable[dict] | None, tag_key: str) -> tuple[Item, ...]:
    out = []
    for entry in raw or ():
        occ = entry.get("occurrences", "all")
        out.append(
            Item(
                text=str(entry["text"]),
                tag=str(entry[tag_key]),
                occurrences=occ if occ == "all" else tuple(int(i) for i in occ),
                note=str(entry.get("note", "")),
            )
        )
    return tuple(out)


def load_document(yaml_path: Path) -> Labelled:
    meta = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
    text = yaml_path.with_suffix(".txt").read_text(encoding="utf-8")
    return Labelled(
        name=yaml_path.stem,
        text=text,
        source=str(meta.get("source", "")),
        kind=str(meta.get("kind", "")),
        split=str(meta.get("split", "")),
        excerpt=bool(meta.get("excerpt", False)),
        must_redact=_items(meta.get("must_redact"), "category"),
        must_keep=_items(meta.get("must_keep"), "kind"),
        meta=meta,
    )


def load_devset(split: str = "all", root: Path = DATA) -> list[Labelled]:
    docs = [load_document(p) for p in sorted(root.glob("*.yaml"))]
    return [d for d in docs if split == "all" or d.split == split]


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every non-overlapping occurrence of ``needle``, left to right."""
    spans, start = [], 0
    while needle and (i := text.find(needle, start)) >= 0:
        spans.append((i, i + len(needle)))
        start = i + len(needle)
    return spans


def occurrence_spans(text: str, item: Item) -> list[tuple[int, int]]:
    """The spans an item labels: all its occurrences, or the 1-based ones it lists."""
    spans = find_all(text, item.text)
    if item.occurrences == "all":
        return spans
    return [spans[i - 1] for i in item.occurrences if 0 < i <= len(spans)]


def label_problems(doc: Labelled) -> list[str]:
    """What is wrong with a document's labels (empty when they are sound)."""
    problems = []
    if not doc.source:
        problems.append("no source")
    if doc.kind not in DOC_KINDS:
        problems.append(f"unknown kind {doc.kind!r}")
    if doc.split not in SPLITS:
        problems.append(f"unknown split {doc.split!r}")
    for item in doc.must_redact + doc.must_keep:
        count = len(find_all(doc.text, item.text))
        if count == 0:
            problems.append(f"{item.text!r} does not occur")
        elif item.occurrences != "all" and (
            not item.occurrences or max(item.occurrences) > count or min(item.occurrences) < 1
        ):
            problems.append(f"{item.text!r} occurs {count} times, labels {item.occurrences}")
    for item in doc.must_redact:
        if item.tag not in CATEGORIES:
            problems.append(f"{item.text!r}: unknown category {item.tag!r}")
    for item in doc.must_keep:
        if item.tag not in KEEP_KINDS:
            problems.append(f"{item.text!r}: unknown keep kind {item.tag!r}")
    return problems


# --- scoring ------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A finding reduced to what the scoring reads."""

    start: int
    end: int
    action: str
    category: str = ""
    text: str = ""


def covered(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether the union of ``spans`` covers every character of [start, end)."""
    pos = start
    for s, e in sorted(spans):
        if s > pos:
            break
        pos = max(pos, e)
        if pos >= end:
            return True
    return pos >= end


def overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    return start < other_end and other_start < end


@dataclass
class DocScore:
    name: str
    kind: str
    split: str
    redact_items: int = 0  # must-redact labels
    redact_total: int = 0  # must-redact occurrences
    by_redact: int = 0  # … fully covered by redact findings
    by_redact_or_review: int = 0
    leaks: list[dict] = field(default_factory=list)
    keep_total: Counter = field(default_factory=Counter)  # must-keep occurrences by kind
    keep_redacted: Counter = field(default_factory=Counter)
    over_redacted: list[dict] = field(default_factory=list)
    redact_findings: int = 0
    redact_right: int = 0
    wrong_redactions: list[dict] = field(default_factory=list)
    decisions: int = 0  # findings with action redact or review
    #: … counted once per distinct text: what a reviewer decides with 同名全部 in one go
    distinct_decisions: int = 0


def score_document(
    name: str,
    kind: str,
    split: str,
    text: str,
    must_redact: Sequence[Item],
    must_keep: Sequence[Item],
    findings: Sequence[Span],
) -> DocScore:
    score = DocScore(name, kind, split, redact_items=len(must_redact))
    redacts = [(f.start, f.end) for f in findings if f.action == REDACT]
    flagged = [(f.start, f.end) for f in findings if f.action in (REDACT, REVIEW)]
    targets: list[tuple[int, int]] = []
    for item in must_redact:
        for s, e in occurrence_spans(text, item):
            targets.append((s, e))
            score.redact_total += 1
            score.by_redact += covered(s, e, redacts)
            if covered(s, e, flagged):
                score.by_redact_or_review += 1
            else:
                score.leaks.append(
                    {"document": name, "text": item.text, "category": item.tag, "at": s}
                )
    for item in must_keep:
        for s, e in occurrence_spans(text, item):
            score.keep_total[item.tag] += 1
            if any(overlaps(s, e, rs, re_) for rs, re_ in redacts):
                score.keep_redacted[item.tag] += 1
                score.over_redacted.append(
                    {"document": name, "text": item.text, "kind": item.tag, "at": s}
                )
    for f in findings:
        if f.action == REDACT:
            score.redact_findings += 1
            if any(overlaps(f.start, f.end, s, e) for s, e in targets):
                score.redact_right += 1
            else:
                score.wrong_redactions.append(
                    {"document": name, "text": f.text, "category": f.category, "at": f.start}
                )
    score.decisions = len(flagged)
    score.distinct_decisions = len(
        {(re.sub(r"\s+", "", f.text), f.category) for f in findings if f.action in (REDACT, REVIEW)}
    )
    return score


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def summarise(scores: Sequence[DocScore]) -> dict:
    """Totals over documents: the figures the report and ``docs/benchmarks.md`` carry."""
    total = sum(s.redact_total for s in scores)
    keep_total: Counter = sum((s.keep_total for s in scores), Counter())
    keep_redacted: Counter = sum((s.keep_redacted for s in scores), Counter())
    leaks = [leak for s in scores for leak in s.leaks]
    identifier_leaks = [leak for leak in leaks if leak["category"] in IDENTIFIERS]
    redact_findings = sum(s.redact_findings for s in scores)
    return {
        "documents": len(scores),
        "must_redact_items": sum(s.redact_items for s in scores),
        "must_redact_occurrences": total,
        "recall_redact": _ratio(sum(s.by_redact for s in scores), total),
        "recall_redact_or_review": _ratio(sum(s.by_redact_or_review for s in scores), total),
        "leaks": len(leaks),
        "identifier_leaks": len(identifier_leaks),
        "leaks_by_category": dict(Counter(leak["category"] for leak in leaks)),
        "must_keep_occurrences": sum(keep_total.values()),
        "must_keep_redacted": sum(keep_redacted.values()),
        "over_redaction": _ratio(sum(keep_redacted.values()), sum(keep_total.values())),
        "over_redaction_by_kind": {
            k: {
                "redacted": keep_redacted[k],
                "of": keep_total[k],
                "share": _ratio(keep_redacted[k], keep_total[k]),
            }
            for k in sorted(keep_total)
        },
        "redact_findings": redact_findings,
        "precision_redact": _ratio(sum(s.redact_right for s in scores), redact_findings),
        "over_redaction_people": _ratio(
            sum(keep_redacted[k] for k in PEOPLE), sum(keep_total[k] for k in PEOPLE)
        ),
        "decisions": sum(s.decisions for s in scores),
        "distinct_decisions": sum(s.distinct_decisions for s in scores),
    }


def report(scores: Sequence[DocScore]) -> dict:
    by_kind: dict[str, list[DocScore]] = defaultdict(list)
    for s in scores:
        by_kind[s.kind].append(s)
    return {
        "overall": summarise(scores),
        "by_kind": {k: summarise(v) for k, v in sorted(by_kind.items())},
        "documents": [
            {
                "name": s.name,
                "kind": s.kind,
                "split": s.split,
                "must_redact_items": s.redact_items,
                "must_redact_occurrences": s.redact_total,
                "recall_redact": _ratio(s.by_redact, s.redact_total),
                "recall_redact_or_review": _ratio(s.by_redact_or_review, s.redact_total),
                "leaks": len(s.leaks),
                "must_keep_redacted": sum(s.keep_redacted.values()),
                "must_keep_occurrences": sum(s.keep_total.values()),
                "redact_findings": s.redact_findings,
                "precision_redact": _ratio(s.redact_right, s.redact_findings),
                "decisions": s.decisions,
                "distinct_decisions": s.distinct_decisions,
            }
            for s in scores
        ],
        "leaks": [leak for s in scores for leak in s.leaks],
        "over_redacted": [o for s in scores for o in s.over_redacted],
        "wrong_redactions": [w for s in scores for w in s.wrong_redactions],
    }


# --- running the detector -----------------------------------------------------------


def detector(use_ner: bool = True):
    from core.config import Settings

    if use_ner:
        from workflow.processing import detector_for

        return detector_for(Settings())
    from redact import build_detector

    return build_detector(Settings(), use_ner=False)


def run_document(doc: Labelled, det) -> DocScore:
    from ingest import extract_bytes

    parsed = extract_bytes(doc.text.encode("utf-8"), filename=f"{doc.name}.txt")
    if parsed.text != doc.text:
        # Offsets are searched in what ingest produced; the labels must still fit it.
        for item in doc.must_redact + doc.must_keep:
            if len(find_all(parsed.text, item.text)) != len(find_all(doc.text, item.text)):
                raise ValueError(f"{doc.name}: ingest changed the text around {item.text!r}")
    findings = [
        Span(f.start, f.end, f.action.value, f.category.value, f.text) for f in det.detect(parsed)
    ]
    return score_document(
        doc.name, doc.kind, doc.split, parsed.text, doc.must_redact, doc.must_keep, findings
    )


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def print_report(rep: dict, out=sys.stdout) -> None:
    o = rep["overall"]
    w = out.write
    w(
        f"documents {o['documents']}, must-redact {o['must_redact_items']} items / "
        f"{o['must_redact_occurrences']} occurrences, must-keep {o['must_keep_occurrences']}\n"
    )
    w(
        f"recall redact {_pct(o['recall_redact'])}, "
        f"redact+review {_pct(o['recall_redact_or_review'])}; "
        f"leaks {o['leaks']} (identifiers {o['identifier_leaks']}) {o['leaks_by_category']}\n"
    )
    w(
        f"over-redaction {_pct(o['over_redaction'])} "
        f"({o['must_keep_redacted']}/{o['must_keep_occurrences']}; "
        f"people in office or named on purpose {_pct(o['over_redaction_people'])}); "
        f"precision of redact {_pct(o['precision_redact'])} of {o['redact_findings']}; "
        f"decisions {o['decisions']} ({o['distinct_decisions']} distinct texts)\n"
    )
    w(
        "over-redaction by must-keep kind: "
        + ", ".join(
            f"{k} {v['redacted']}/{v['of']}" for k, v in o["over_redaction_by_kind"].items()
        )
        + "\n\n"
    )
    w(
        f"{'kind':<17}{'docs':>5}{'occ':>6}{'R redact':>10}{'R +review':>10}{'leaks':>7}"
        f"{'keep red.':>11}{'precision':>11}{'decisions':>10}\n"
    )
    for kind, s in rep["by_kind"].items():
        w(
            f"{kind:<17}{s['documents']:>5}{s['must_redact_occurrences']:>6}{_pct(s['recall_redact']):>10}"
            f"{_pct(s['recall_redact_or_review']):>10}{s['leaks']:>7}"
            f"{s['must_keep_redacted']:>5}/{s['must_keep_occurrences']:<5}{_pct(s['precision_redact']):>11}"
            f"{s['decisions']:>10}\n"
        )
    w(
        f"\n{'document':<34}{'items':>6}{'occ':>5}{'R red':>8}{'R +rev':>8}{'leaks':>6}"
        f"{'keep red':>9}{'prec':>8}{'decide':>7}\n"
    )
    for d in rep["documents"]:
        w(
            f"{d['name']:<34}{d['must_redact_items']:>6}{d['must_redact_occurrences']:>5}"
            f"{_pct(d['recall_redact']):>8}"
            f"{_pct(d['recall_redact_or_review']):>8}{d['leaks']:>6}"
            f"{d['must_keep_redacted']:>4}/{d['must_keep_occurrences']:<4}{_pct(d['precision_redact']):>8}"
            f"{d['decisions']:>7}\n"
        )
    w("\nleaks (document, text, category):\n")
    for leak in rep["leaks"]:
        w(f"  {leak['document']}\t{leak['text']}\t{leak['category']}\n")
    w("\nmust-keep items redacted (document, text, kind):\n")
    for item in rep["over_redacted"]:
        w(f"  {item['document']}\t{item['text']}\t{item['kind']}\n")
    w("\nredact findings overlapping no must-redact item (document, text, category):\n")
    for item in rep["wrong_redactions"]:
        w(f"  {item['document']}\t{item['text']}\t{item['category']}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "holdout", "all"), default="dev")
    parser.add_argument("--json", type=Path, help="write the full report as JSON here")
    parser.add_argument("--no-ner", action="store_true", help="pattern recognisers only")
    parser.add_argument(
        "--prefix", default="", help="only documents whose name starts so (h3_: the second holdout)"
    )
    args = parser.parse_args(argv)
    docs = [d for d in load_devset(args.split) if d.name.startswith(args.prefix)]
    bad = {d.name: p for d in docs if (p := label_problems(d))}
    if bad:
        for name, problems in bad.items():
            print(f"{name}: {'; '.join(problems)}", file=sys.stderr)
        return 2
    det = detector(use_ner=not args.no_ner)
    rep = report([run_document(d, det) for d in docs])
    rep["split"] = args.split + (f" ({args.prefix}*)" if args.prefix else "")
    rep["ner"] = not args.no_ner
    print_report(rep)
    if args.json:
        args.json.write_text(json.dumps(rep, ensure_ascii=False, indent=1, default=asdict))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
