"""``gongkai train ner``: train a model and write it with its model card."""

from __future__ import annotations

import sys
from pathlib import Path

from core.config import Settings


def register(sub) -> None:
    parser = sub.add_parser("train", help="train a model")
    what = parser.add_subparsers(dest="model", required=True, metavar="MODEL")
    ner = what.add_parser(
        "ner", help="the Chinese NER, from corpora in the ../shared/data/ner format"
    )
    ner.add_argument("--data", type=Path, required=True, help="folder of *_train/*_dev JSONL files")
    ner.add_argument("--out", type=Path, required=True, help="model folder, e.g. models/ner")
    ner.add_argument("--max-steps", type=int, default=12000)
    ner.add_argument("--corpora", nargs="+", help="corpus names (default: all)")
    ner.set_defaults(run=run_ner)


def run_ner(args, settings: Settings) -> int:
    from redact.ner.corpus import CORPORA
    from redact.ner.train import train_ner

    unknown = set(args.corpora or []) - set(CORPORA)
    if unknown:
        print(
            f"gongkai: error [usage]: unknown corpora {sorted(unknown)}; known: {sorted(CORPORA)}",
            file=sys.stderr,
        )
        return 2
    if not args.data.is_dir():
        print(f"gongkai: error [not_found]: no folder {args.data}", file=sys.stderr)
        return 2
    meta = train_ner(args.data, args.out, corpora=args.corpora, max_steps=args.max_steps)
    for corpus, labels in meta["metrics"].items():
        line = "  ".join(f"{label} F1 {m['f1']:.3f}" for label, m in labels.items() if m["support"])
        print(f"{corpus:<16}{line}")
    print(f"model and card written to {args.out}")
    return 0
