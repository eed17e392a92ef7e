"""``gongkai train ner|classifier``: train a model and write it with its model card."""

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

    clf = what.add_parser("classifier", help="the disclosure-attribute classifier")
    clf.add_argument(
        "--data",
        type=Path,
        action="append",
        default=[],
        help="labelled corpus (JSONL); may be given more than once",
    )
    clf.add_argument("--catalogue", type=Path, help="a folder of labelled back-catalogue files")
    clf.add_argument(
        "--labels", type=Path, help="with --catalogue: CSV of file, attribute[, ground, category]"
    )
    office = clf.add_mutually_exclusive_group()
    office.add_argument(
        "--from-decisions",
        action="store_true",
        help="retrain on the reviewers' decided attributes (with --data as extra training "
        "data); replaces the active model (GONGKAI_CLASSIFIER_PATH) only if no worse",
    )
    office.add_argument(
        "--from-archive",
        action="store_true",
        help="train on every processed document that carries its own marking (附注, 密级) "
        "and every reviewer decision; replaces the active model only if no worse",
    )
    clf.add_argument("--out", type=Path, help="model folder, e.g. models/classifier")
    clf.add_argument("--seed", type=int, default=0)
    clf.set_defaults(run=run_classifier)


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


def run_classifier(args, settings: Settings) -> int:
    import json
    import tempfile

    from classify.dataset import catalogue_lines, load_corpus
    from classify.model import train
    from ingest import IngestLimits

    if args.from_decisions or args.from_archive:
        return _from_office(args, settings)
    if args.out is None:
        print("gongkai: error [usage]: give --out", file=sys.stderr)
        return 2
    if bool(args.catalogue) != bool(args.labels):
        print("gongkai: error [usage]: --catalogue and --labels go together", file=sys.stderr)
        return 2
    if not args.data and not args.catalogue:
        print(
            "gongkai: error [usage]: give --data and/or --catalogue with --labels", file=sys.stderr
        )
        return 2
    limits = IngestLimits.from_settings(settings)
    corpus = [item for path in args.data for item in load_corpus(path, limits)]
    sources = [str(p) for p in args.data]
    if args.catalogue:
        with tempfile.TemporaryDirectory() as tmp:
            listing = Path(tmp) / "catalogue.jsonl"
            lines = catalogue_lines(args.catalogue, args.labels)
            listing.write_text(
                "\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8"
            )
            corpus += load_corpus(listing, limits)
        sources.append(f"{args.catalogue} ({args.labels.name})")
    model = train(corpus, seed=args.seed, sources=sources)
    target = model.save(args.out)
    meta = model.meta
    folds = meta["cross_validation"]["folds"]
    print(f"trained on {len(corpus)} documents; {folds}-fold cross-validation:")
    for name, key in (
        ("model alone", "cross_validation"),
        ("rules alone", "cross_validation_rules"),
        ("suggestion (rules and model)", "cross_validation_suggestion"),
    ):
        m = meta[key]
        print(
            f"  {name:<30}accuracy {m['accuracy']:.3f}, macro F1 {m['macro_f1']:.3f}, "
            f"calibration error {m['expected_calibration_error']:.3f}"
        )
    print(f"model, meta.json and MODEL_CARD.md written to {target} (now active)")
    return 0


def _from_office(args, settings: Settings) -> int:
    from classify.dataset import load_corpus
    from ingest import IngestLimits
    from workflow.retrain import retrain_from_archive, retrain_from_decisions
    from workflow.runtime import Runtime

    if args.out is not None:
        settings = settings.model_copy(update={"classifier_path": args.out})
    limits = IngestLimits.from_settings(settings)
    corpus = [item for path in args.data for item in load_corpus(path, limits)]
    retrain = retrain_from_archive if args.from_archive else retrain_from_decisions
    result = retrain(Runtime.build(settings), corpus=corpus, seed=args.seed)
    print(report(result))
    return 0


def report(result) -> str:
    """What a retraining found, for the admin who ran it."""
    origins = "，".join(f"{k} {v}" for k, v in sorted(result.examples.items()))
    lines = [
        f"labelled documents of the office: {origins}; trained on {result.documents}, "
        f"{result.held_out} held out (markings cut before suggesting)",
        f"suggestion with candidate {result.version}: accuracy {result.new_accuracy:.3f}, "
        f"macro F1 {result.new_macro_f1:.3f}",
        f"suggestion with {result.baseline} (today): accuracy {result.baseline_accuracy:.3f}, "
        f"macro F1 {result.baseline_macro_f1:.3f}",
        "",
        f"{'attribute':<12}{'precision':>10}{'recall':>10}{'F1':>8}{'held out':>10}",
    ]
    for name, m in result.per_class.items():
        lines.append(
            f"{name:<12}{m['precision']:>10.3f}{m['recall']:>10.3f}{m['f1']:>8.3f}{m['support']:>10}"
        )
    if result.learning_curve:
        lines += ["", "learning curve (suggestion on the held-out documents):"]
        lines += [
            f"  {p['share']:>4.0%} of the training part, {p['documents']:>5} documents: "
            f"accuracy {p['accuracy']:.3f}, macro F1 {p['macro_f1']:.3f}"
            for p in result.learning_curve
        ]
    lines.append("")
    lines.append(
        "replaced the active model"
        if result.replaced
        else f"kept {result.baseline}: the candidate is worse on the held-out documents"
    )
    return "\n".join(lines)
