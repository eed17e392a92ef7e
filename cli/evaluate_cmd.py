"""``gongkai evaluate ner|classifier --data FILE.jsonl``: score a model on labelled data."""

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

    clf = what.add_parser(
        "classifier",
        help="the suggestion's per-class figures, confusion matrix and calibration, markings cut",
    )
    clf.add_argument("--data", type=Path, required=True, help="labelled corpus (JSONL)")
    which = clf.add_mutually_exclusive_group()
    which.add_argument("--model", type=Path, help="model folder (default: the configured one)")
    which.add_argument("--rules-only", action="store_true", help="the rules without any model")
    which.add_argument(
        "--cross-validate",
        action="store_true",
        help="train a model on each fold's rest and compare model, rules and both on the folds",
    )
    clf.add_argument("--folds", type=int, default=5)
    clf.add_argument("--seed", type=int, default=0)
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
    """The suggestion as an office gets it (rules, and the model if one is active), on
    the corpus with every marking cut; the model alone as well when there is one."""
    import json

    from classify.dataset import load_corpus
    from ingest import IngestLimits

    corpus = load_corpus(args.data, IngestLimits.from_settings(settings))
    if args.cross_validate:
        from classify.evaluation import cross_validate

        out = cross_validate(corpus, folds=args.folds, seed=args.seed)
    else:
        from classify import active_model
        from classify.evaluation import evaluate_suggestions

        model = None if args.rules_only else active_model(args.model or settings.classifier_path)
        if args.model is not None and model is None:
            print(
                f"gongkai: error [model_unavailable]: no trained classifier in {args.model}",
                file=sys.stderr,
            )
            return 2
        out = {
            "suggestion": evaluate_suggestions(corpus, model=model),
            "source": "rules" if model is None else f"rules+model:{model.version}",
        }
        if model is not None:
            from classify.model import evaluate

            out["model"] = {"version": model.version, **evaluate(model, corpus)}
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0
