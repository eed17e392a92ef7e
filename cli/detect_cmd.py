"""``gongkai detect --jsonl IN --out OUT``: findings for each line's text, for evaluation."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from core.config import Settings


def register(sub) -> None:
    parser = sub.add_parser("detect", help="find personal data in JSONL texts")
    parser.add_argument(
        "--jsonl", type=Path, required=True, help='input: one {"text": ...} per line'
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="output JSONL (input lines + findings)"
    )
    parser.add_argument("--no-ner", action="store_true", help="pattern recognisers only")
    parser.set_defaults(run=run)


#: Lines handed to the NER at once: it reads short texts far faster in batches.
BATCH = 64


def _write(detector, records: list[dict], out) -> None:
    for record, findings in zip(
        records, detector.detect_texts([r["text"] for r in records]), strict=True
    ):
        record["findings"] = [
            {k: f.to_dict()[k] for k in ("start", "end", "category", "text", "score", "action")}
            for f in findings
        ]
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def run(args, settings: Settings) -> int:
    from redact import build_detector

    if not args.jsonl.is_file():
        print(f"gongkai: error [not_found]: no file {args.jsonl}", file=sys.stderr)
        return 2
    detector = build_detector(settings, use_ner=not args.no_ner)
    count = 0
    with args.jsonl.open(encoding="utf-8") as lines, args.out.open("w", encoding="utf-8") as out:
        batch: list[dict] = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record["text"], str):
                    raise TypeError("text is not a string")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                print(
                    f"gongkai: error [invalid_input]: {args.jsonl}:{number}: {exc}", file=sys.stderr
                )
                return 2
            batch.append(record)
            count += 1
            if len(batch) == BATCH:
                _write(detector, batch, out)
                batch = []
        _write(detector, batch, out)
    print(f"{count} lines written to {args.out}", file=sys.stderr)
    return 0
