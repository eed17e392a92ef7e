"""Why the detector got a real document wrong: each leak, each must-keep item it
redacted and each wrong redaction, with the text around it and the finding's reason.

Run: ``python bench/real_devset_diagnose.py [--split dev] [--doc NAME] [--what leaks|keep|wrong]``.
Tuning reads dev only; holdout is for the final figures (``bench/real_devset.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.real_devset import detector, load_devset, occurrence_spans, overlaps


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--doc")
    parser.add_argument("--what", choices=("leaks", "keep", "wrong", "all"), default="all")
    args = parser.parse_args(argv)
    from ingest import extract_bytes

    det = detector()
    for doc in load_devset(args.split):
        if args.doc and args.doc not in doc.name:
            continue
        parsed = extract_bytes(doc.text.encode("utf-8"), filename=f"{doc.name}.txt")
        text, findings = parsed.text, det.detect(parsed)
        redacts = [f for f in findings if f.action.value == "redact"]
        flagged = [f for f in findings if f.action.value in ("redact", "review")]
        targets = []

        def show(tag, s, e, extra="", text=text, name=doc.name):
            left, right = text[max(0, s - 14) : s], text[e : e + 10]
            print(f"{name} {tag}: {left}[{text[s:e]}]{right} {extra}".replace("\n", "⏎"))

        for item in doc.must_redact:
            for s, e in occurrence_spans(text, item):
                targets.append((s, e))
                hit = [f for f in flagged if f.start < e and s < f.end]
                if args.what in ("leaks", "all") and not any(
                    f.start <= s and e <= f.end for f in hit
                ):
                    why = "; ".join(f"{f.text}/{f.action.value}" for f in hit) or "no finding"
                    show("LEAK", s, e, f"({item.tag}) {why}")
        if args.what in ("keep", "all"):
            for item in doc.must_keep:
                for s, e in occurrence_spans(text, item):
                    for f in redacts:
                        if overlaps(s, e, f.start, f.end):
                            show("KEEP", s, e, f"({item.tag}) {f.recognizer}: {f.action_reason}")
        if args.what in ("wrong", "all"):
            for f in redacts:
                if not any(overlaps(f.start, f.end, s, e) for s, e in targets):
                    show(
                        "WRONG",
                        f.start,
                        f.end,
                        f"{f.category.value} {f.recognizer}: {f.action_reason}",
                    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
