"""``gongkai evaluate ner --data FILE.jsonl``: score the NER on a labelled file."""

from __future__ import annotations

import sys
from pathlib import Path

from core.config import Settings


def register(sub) -> None:
    parser = sub.add_parser("evaluate", help="measure a model on labelled data")
    what = parser.add_subparsers(dest="model", required=True, metavar="MODEL")
    ner = what.add_parser("ner", help="precision/recall/F1 per category on a JSONL file")
    ner.add_argument("--data", type=Path, required=True)
    ner.add_argument("--model", type=Path, help="pipeline folder (default: the configured model)")
    ner.set_defaults(run=run_ner)

    clf = what.add_parser("classifier", help="per-class figures, confusion matrix, calibration")
    clf.add_argument("--data", type=Path, required=True)
    clf.add_argument("--model", type=Path, help="model folder (default: the configured one)")
    clf.set_defaults(run=run_classifier)


def run_ner(args, settings: Settings) -> int:
    from redact.ner.corpus import read_jsonl
    from redact.ner.evaluate import evaluate_pipeline
    from redact.ner.model import load_ner

    if not args.data.is_file():
        print(f"gongkai: error [not_found]: no file {args.data}", file=sys.stderr)
        return 2
    nlp = load_ner(args.model or settings.ner_model_path)
    examples = list(read_jsonl(args.data))
    scores = evaluate_pipeline(nlp, examples)
    print(f"{'category':<10}{'precision':>10}{'recall':>10}{'F1':>10}{'gold':>8}")
    for label, score in scores.items():
        d = score.as_dict()
        print(
            f"{label:<10}{d['precision']:>10.3f}{d['recall']:>10.3f}{d['f1']:>10.3f}{d['support']:>8}"
        )
    return 0


def run_classifier(args, settings: Settings) -> int:
    import json

    from classify.dataset import load_corpus
    from classify.model import evaluate, load_model
    from ingest import IngestLimits

    folder = args.model or settings.classifier_path
    model = load_model(folder)
    if model is None:
        print(
            f"gongkai: error [model_unavailable]: no trained classifier in {folder}",
            file=sys.stderr,
        )
        return 2
    metrics = evaluate(model, load_corpus(args.data, IngestLimits.from_settings(settings)))
    print(json.dumps({"model": model.version, **metrics}, ensure_ascii=False, indent=2))
    return 0
