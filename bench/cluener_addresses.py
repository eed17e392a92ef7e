"""Why the NER scores low on CLUENER's ``address`` label: how CLUENER labels places, and
where the shipped model's place spans disagree with it on the held-out slice.

Run: ``python bench/cluener_addresses.py [--model models/ner]``. Record the output in
docs/benchmarks.md (section "Chinese NER").
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from redact.ner.corpus import is_heldout  # noqa: E402

CLUENER = ROOT.parent / "shared" / "data" / "ner" / "cluener_train.jsonl"
#: Places common enough in news that any annotator meets them often.
PLACES = ("中国", "美国", "日本", "韩国", "欧洲", "北京", "上海")


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def place_labels(rows: list[dict]) -> dict[str, Counter]:
    """For each place: how often it stands alone as an ``address``, sits inside another
    entity (中国 in 中国银行), or is not labelled at all."""
    counts = {place: Counter() for place in PLACES}
    for row in rows:
        text, entities = row["text"], row["entities"]
        for place in PLACES:
            at = text.find(place)
            while at >= 0:
                end = at + len(place)
                exact = [label for s, e, label in entities if (s, e) == (at, end)]
                inside = [label for s, e, label in entities if s <= at and end <= e]
                if exact:
                    counts[place][exact[0]] += 1
                elif inside:
                    counts[place]["inside another entity"] += 1
                else:
                    counts[place]["unlabelled"] += 1
                at = text.find(place, at + 1)
    return counts


def disagreements(rows: list[dict], model: Path) -> tuple[int, Counter, Counter]:
    """The model's LOC spans on the held-out slice against CLUENER's ``address`` spans:
    matches, and what CLUENER has where the two differ."""
    from redact.ner.model import load_ner

    nlp = load_ner(model / "pipeline")
    matched, extra, missed = 0, Counter(), Counter()
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows), strict=True):
        gold = {(s, e): label for s, e, label in row["entities"]}
        addresses = {span for span, label in gold.items() if label == "address"}
        predicted = {(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "LOC"}
        matched += len(predicted & addresses)
        for span in predicted - addresses:
            overlapping = [label for (s, e), label in gold.items() if s < span[1] and span[0] < e]
            if span in gold:
                extra[f"labelled `{gold[span]}`"] += 1
            elif overlapping:
                extra[f"overlaps a `{overlapping[0]}` with other boundaries"] += 1
            else:
                extra["unlabelled"] += 1
        for s, e in addresses - predicted:
            cut = any(ent.start_char < e and s < ent.end_char for ent in doc.ents)
            missed["found with other boundaries" if cut else "not found"] += 1
    return matched, extra, missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "ner")
    args = parser.parse_args()
    rows = read(CLUENER)
    print("## How CLUENER labels common places (whole training file)")
    print("| place | " + " | ".join(("address", "inside another entity", "unlabelled")) + " |")
    print("|---|---|---|---|")
    for place, counts in place_labels(rows).items():
        cells = (counts["address"], counts["inside another entity"], counts["unlabelled"])
        print(f"| {place} | " + " | ".join(str(c) for c in cells) + " |")
    heldout = [row for row in rows if is_heldout(row["text"])]
    matched, extra, missed = disagreements(heldout, args.model)
    print(f"\n## The model's LOC on the held-out slice ({len(heldout)} sentences)")
    print(f"exact matches with `address`: {matched}")
    print("LOC spans CLUENER does not have as `address`:")
    for reason, n in extra.most_common():
        print(f"- {reason}: {n}")
    print("`address` spans the model did not mark exactly:")
    for reason, n in missed.most_common():
        print(f"- {reason}: {n}")


if __name__ == "__main__":
    main()
