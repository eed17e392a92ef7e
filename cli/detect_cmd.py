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


def run(args, settings: Settings) -> int:
    from redact import build_detector

    if not args.jsonl.is_file():
        print(f"gongkai: error [not_found]: no file {args.jsonl}", file=sys.stderr)
        return 2
    detector = build_detector(settings, use_ner=not args.no_ner)
    count = 0
    with args.jsonl.open(encoding="utf-8") as lines, args.out.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                print(
                    f"gongkai: error [invalid_input]: {args.jsonl}:{number}: {exc}", file=sys.stderr
                )
                return 2
            record["findings"] = [
                {k: f.to_dict()[k] for k in ("start", "end", "category", "text", "score", "action")}
                for f in detector.detect_text(text)
            ]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    print(f"{count} lines written to {args.out}", file=sys.stderr)
    return 0
