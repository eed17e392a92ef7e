"""``gongkai train ner``: corpora → spaCy DocBins → training → evaluation → model card.

Everything the shipped model is comes out of this one function, so retraining (also on
an office's own labelled documents, in the same JSONL format) is one command.
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from redact.ner.corpus import (
    CLUENER_HELDOUT_PERCENT,
    CORPORA,
    LABEL_MAP,
    LABELS,
    Example,
    evaluation_sets,
    training_examples,
)
from redact.ner.evaluate import evaluate_pipeline
from redact.ner.ops import numpy_blas
from redact.ner.tokenizer import NAME as BIGRAM_TOKENIZER  # also registers it

log = logging.getLogger(__name__)
CONFIG = Path(__file__).resolve().parent / "ner.cfg"
PIPELINE_DIR = "pipeline"


def train_ner(
    data: Path,
    out: Path,
    *,
    corpora: list[str] | None = None,
    max_steps: int = 12000,
    config: Path = CONFIG,
    work: Path | None = None,
) -> dict:
    import spacy
    from spacy.cli.train import train as spacy_train

    corpora = corpora or list(CORPORA)
    work = work or out / ".work"
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    nlp = spacy.blank("zh")
    train = [e for _, e in training_examples(data, corpora)]
    evaluation = evaluation_sets(data, corpora)
    dev = [e for examples in evaluation.values() for e in examples]
    _docbin(nlp, train).to_disk(work / "train.spacy")
    _docbin(nlp, dev).to_disk(work / "dev.spacy")
    log.info("corpora prepared", extra={"train": len(train), "dev": len(dev)})

    with numpy_blas():
        spacy_train(
            config,
            work / "output",
            overrides={
                "paths.train": str(work / "train.spacy"),
                "paths.dev": str(work / "dev.spacy"),
                "training.max_steps": max_steps,
            },
        )
    trained_seconds = time.time() - started
    target = out / PIPELINE_DIR
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(work / "output" / "model-best", target)

    with numpy_blas():
        best = spacy.load(target)
    metrics = {
        name: {label: s.as_dict() for label, s in evaluate_pipeline(best, examples).items()}
        for name, examples in evaluation.items()
    }
    speed = _speed(best, dev)
    meta = {
        "format_version": 1,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "spacy_version": spacy.__version__,
        "python": platform.python_version(),
        "corpora": corpora,
        "train_sentences": len(train),
        "train_characters": sum(len(e.text) for e in train),
        "train_sha256": _hash(train),
        "label_map": LABEL_MAP,
        "labels": list(LABELS),
        "max_steps": max_steps,
        "config": config_summary(config),
        "training_seconds": round(trained_seconds),
        "metrics": metrics,
        "speed_chars_per_second_one_process": speed,
        "size_bytes": sum(p.stat().st_size for p in target.rglob("*") if p.is_file()),
    }
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    shutil.copy(config, out / "config.cfg")
    (out / "MODEL_CARD.md").write_text(model_card(meta, data))
    shutil.rmtree(work, ignore_errors=True)
    return meta


def _docbin(nlp, examples: list[Example]):
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=False)
    for example in examples:
        doc = nlp.make_doc(example.text)
        spans = [doc.char_span(s, e, label=label) for s, e, label in example.entities]
        doc.ents = [span for span in spans if span is not None]
        docbin.add(doc)
    return docbin


def _hash(examples: list[Example]) -> str:
    digest = hashlib.sha256()
    for example in examples:
        digest.update(json.dumps([example.text, example.entities], ensure_ascii=False).encode())
    return digest.hexdigest()


def _speed(nlp, examples: list[Example]) -> int:
    texts = [e.text for e in examples[:3000]]
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return int(sum(len(t) for t in texts) / (time.perf_counter() - started))


#: F1 the detection issue asks for: (evaluation set, category, target).
TARGETS = (
    ("msra", "PER", 0.92),
    ("resume", "PER", 0.90),
    ("address", "LOC", 0.85),
    ("waybill", "LOC", 0.85),
    ("cluener_heldout", "LOC", 0.70),
)


def _targets(metrics: dict) -> str:
    rows = ["| evaluation set | category | F1 | target | met |", "|---|---|---|---|---|"]
    for corpus, label, target in TARGETS:
        f1 = metrics.get(corpus, {}).get(label, {}).get("f1")
        if f1 is None:
            continue
        rows.append(
            f"| {corpus} | {label} | {f1:.3f} | {target:.2f} | {'yes' if f1 >= target else 'no'} |"
        )
    return "\n".join(rows)


_LABEL_WORDS = {
    "PER": "person names",
    "LOC": "place names",
    "ADDR": "addresses",
    "ORG": "organisations",
}


_FEATURES = {
    "ORTH": "the character",
    "NORM": "the character bigram it starts",
    "SHAPE": "its shape",
}


def config_summary(config: Path) -> dict:
    """What the model card says about the architecture, read from the config itself."""
    from spacy.util import load_config

    cfg = load_config(config)
    model = cfg["components"]["tok2vec"]["model"]
    return {
        "tokenizer": cfg["nlp"]["tokenizer"]["@tokenizers"],
        "features": list(model["embed"]["attrs"]),
        "width": model["encode"]["width"],
        "depth": model["encode"]["depth"],
        "window": model["encode"]["window_size"],
        "maxout_pieces": model["encode"]["maxout_pieces"],
    }


def describe_config(summary: dict) -> str:
    tokens = (
        "Gongkai's character tokenizer (`redact/ner/tokenizer.py`: spaCy's `zh` character "
        "segmenter, each token also carrying the hash of the bigram it starts)"
        if summary["tokenizer"] == BIGRAM_TOKENIZER
        else "spaCy's `zh` tokenizer with the character segmenter"
    )
    features = ", ".join(_FEATURES.get(a, a) for a in summary["features"])
    return (
        f"`config.cfg` beside this card: {tokens}, so every character is a token and no "
        "entity boundary is lost to word segmentation; a CNN tok2vec (hash embeddings of "
        f"{features}; width {summary['width']}, depth {summary['depth']}, window "
        f"{summary['window']}, {summary['maxout_pieces']} maxout pieces) and a "
        "transition-based NER."
    )


def model_card(meta: dict, data: Path) -> str:
    rows = []
    for corpus, labels in meta["metrics"].items():
        for label, m in labels.items():
            if m["support"]:
                rows.append(
                    f"| {corpus} | {label} | {m['precision']:.3f} | {m['recall']:.3f} | "
                    f"{m['f1']:.3f} | {m['support']} |"
                )
    mapping = "\n".join(f"| `{src}` | {dst} |" for src, dst in meta["label_map"].items())
    kept = 100 - CLUENER_HELDOUT_PERCENT
    targets = _targets(meta["metrics"])
    words = dict(_LABEL_WORDS)
    if "ADDR" not in meta["labels"]:
        words["LOC"] = "places and addresses"
    labels = ", ".join(f"{words.get(label, label)} ({label})" for label in meta["labels"])
    places = (
        "Place names (LOC) and addresses (ADDR) are separate labels, because their corpora "
        "draw the\nboundaries differently. "
        if "ADDR" in meta["labels"]
        else "Places and addresses share LOC. "
    ) + (
        "Whether an address is personal data is the policy's call: a province or city\n"
        "alone is not; a street address with a number is."
    )
    return f"""# Model card: Gongkai Chinese NER (`models/ner/`)

A spaCy {meta["spacy_version"]} pipeline (`pipeline/`, loaded by path) that finds
{labels} in Chinese text, for the personal-data detection pass. Trained
{meta["trained_at"]} in {meta["training_seconds"]} s.

## Data
Trained on {meta["train_sentences"]} sentences ({meta["train_characters"]} characters) from
`{data}`: {", ".join(meta["corpora"])} (training splits; {kept}% of CLUENER, the other
{CLUENER_HELDOUT_PERCENT}% held out by a hash of the text). Development splits were used for
model selection (spaCy keeps the best checkpoint on their combined F1) and never for
training, so the
figures below are on data the weights never saw but that chose the checkpoint; the
corpora's test splits are not available here. Training-data sha256: `{meta["train_sha256"]}`.

Label mapping (other labels are dropped: job titles, games, books, phone numbers —
the pattern recognisers handle numbers):

| corpus label | ours |
|---|---|
{mapping}

{places}

## Configuration
{describe_config(meta["config"])} Adam, {meta["max_steps"]} steps at most.

## Figures (exact-span precision / recall / F1 per corpus and category)

| evaluation set | category | precision | recall | F1 | gold spans |
|---|---|---|---|---|---|
{chr(10).join(rows)}

Speed: {meta["speed_chars_per_second_one_process"]} characters per second in one process
(`nlp.pipe`, batch 256, on the development sentences), {platform.machine()}, 2 cores.
Size on disk: {meta["size_bytes"] / 1e6:.1f} MB.

## Against the targets set for it

{targets}

## Training command
```sh
gongkai train ner --data ../shared/data/ner --out models/ner --max-steps {meta["max_steps"]}
```

## Licence caveats
These are research corpora. Weibo NER is CC BY-SA 3.0; the waybill data sits in an
Apache-2.0 repository; MSRA, CLUENER2020, Resume NER and the address corpus state no
licence. An office that cannot accept that can retrain on its own reviewed documents
(same JSONL format: `{{"text": ..., "entities": [[start, end, label], ...]}}`) with
the command above and `--corpora` pointing at its files' names in `redact/ner/corpus.py`.

## Limits
- Names in official documents (short, often followed by a title) differ from news and
  résumés; the policy, not this model, decides whether a found name is redacted.
- No scores per entity: the transition-based NER gives a decision, not a probability.
- CLUENER's `address` label is scored against LOC, and the two disagree by design:
  CLUENER leaves most bare place names unlabelled (中国, 美国 …) and gives scenic spots
  a label of their own, while MSRA and this model mark every place. `python
  bench/cluener_addresses.py` counts both; `docs/benchmarks.md` has the figures. Street
  addresses, the ones the policy redacts, are what the address and waybill rows measure.
"""
