"""The statistical layer: a calibrated linear model over character n-grams and rule flags.

Saved as ``model.joblib`` with ``meta.json`` (format version, scikit-learn version,
training-data hash, metrics, and the model file's sha256). Loading checks the hash and
the versions *before* unpickling — joblib runs code on load — and an incompatible
artifact is an error that says "retrain", never a crash or a silent fallback.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from classify import metrics
from classify.dataset import Labelled, corpus_hash, model_input
from core.datamodel import DisclosureAttribute, Document
from core.errors import GongkaiError

FORMAT_VERSION = 1
LABELS = [a.value for a in DisclosureAttribute]


class ModelIncompatible(GongkaiError):
    code = "model_incompatible"
    http_status = 503


class NotEnoughData(GongkaiError):
    code = "not_enough_data"


# Module-level functions: a lambda would not pickle.
def pick_text(rows: list[dict]) -> list[str]:
    return [f"{r['title']}\n{r['title']}\n{r['elements']}\n{r['text']}" for r in rows]


def pick_rules(rows: list[dict]) -> list[dict]:
    return [r["rules"] for r in rows]


def build_pipeline(seed: int = 0, folds: int = 3) -> Pipeline:
    features = FeatureUnion([
        ("text", Pipeline([
            ("pick", FunctionTransformer(pick_text)),
            # Characters, not words: Chinese has no spaces for a word analyzer to split on.
            ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True,
                                      max_features=300_000)),
        ])),
        ("rules", Pipeline([("pick", FunctionTransformer(pick_rules)), ("vec", DictVectorizer())])),
    ])  # fmt: skip
    linear = LogisticRegression(max_iter=2000, class_weight="balanced", C=4.0, random_state=seed)
    return Pipeline(
        [
            ("features", features),
            ("model", CalibratedClassifierCV(linear, method="sigmoid", cv=folds)),
        ]
    )


@dataclass
class DisclosureModel:
    pipeline: Pipeline
    meta: dict

    @property
    def version(self) -> str:
        return self.meta["version"]

    def predict_proba_one(self, document: Document) -> dict[DisclosureAttribute, float]:
        probs = self.pipeline.predict_proba([model_input(document)])[0]
        return {
            DisclosureAttribute(c): float(p)
            for c, p in zip(self.pipeline.classes_, probs, strict=True)
        }

    def save(self, folder: Path) -> Path:
        """Write atomically into ``folder/<version>/`` and point ``folder/ACTIVE`` at it."""
        target = folder / self.version
        target.mkdir(parents=True, exist_ok=True)
        model_path = target / "model.joblib"
        _atomic(model_path, lambda tmp: joblib.dump(self.pipeline, tmp))
        self.meta["model_sha256"] = hashlib.sha256(model_path.read_bytes()).hexdigest()
        _atomic(
            target / "meta.json",
            lambda tmp: Path(tmp).write_text(json.dumps(self.meta, ensure_ascii=False, indent=2)),
        )
        (target / "MODEL_CARD.md").write_text(model_card(self.meta), encoding="utf-8")
        _atomic(folder / "ACTIVE", lambda tmp: Path(tmp).write_text(self.version))
        return target


def _atomic(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def load_model(folder: Path) -> DisclosureModel | None:
    """The active model under ``folder``; None when no model was ever trained there."""
    active = folder / "ACTIVE"
    if not active.is_file():
        return None
    target = folder / active.read_text().strip()
    try:
        meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
        data = (target / "model.joblib").read_bytes()
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelIncompatible(
            f"the classifier at {target} is incomplete ({exc}): retrain it"
        ) from exc
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelIncompatible(
            f"the classifier at {target} has format {meta.get('format_version')}, "
            f"this version reads {FORMAT_VERSION}: retrain it"
        )
    if meta.get("sklearn_version") != sklearn.__version__:
        raise ModelIncompatible(
            f"the classifier at {target} was trained with scikit-learn "
            f"{meta.get('sklearn_version')}, this is {sklearn.__version__}: retrain it"
        )
    if hashlib.sha256(data).hexdigest() != meta.get("model_sha256"):
        raise ModelIncompatible(
            f"the classifier file at {target} does not match its recorded hash: "
            "it was changed after training; retrain it"
        )
    return DisclosureModel(joblib.load(target / "model.joblib"), meta)


def fit(
    corpus: Sequence[Labelled], *, seed: int = 0, sources: list[str] | None = None
) -> DisclosureModel:
    """A model trained on all of ``corpus``, without cross-validation. An attribute with
    fewer than two examples cannot be calibrated: it is left out, and the meta says so."""
    counts = Counter(item.attribute.value for item in corpus)
    kept = [item for item in corpus if counts[item.attribute.value] >= 2]
    if len({item.attribute for item in kept}) < 2:
        raise NotEnoughData(
            "training needs at least two labelled documents of each of two attributes; "
            "given: " + "，".join(f"{a} {n}" for a, n in counts.items())
        )
    rows = [model_input(item.document, item.short) for item in kept]
    labels = np.array([item.attribute.value for item in kept])
    smallest = int(min(np.unique(labels, return_counts=True)[1]))
    pipeline = build_pipeline(seed, max(2, min(3, smallest))).fit(rows, labels)
    classes = list(pipeline.classes_)
    trained_at = datetime.now(UTC)
    digest = corpus_hash(list(corpus))
    meta = {
        "format_version": FORMAT_VERSION,
        "version": trained_at.strftime("%Y%m%d-%H%M%S") + "-" + digest[:8],
        "trained_at": trained_at.isoformat(timespec="seconds"),
        "sklearn_version": sklearn.__version__,
        "seed": seed,
        "documents": len(kept),
        "label_counts": {c: int((labels == c).sum()) for c in classes},
        "left_out": {a: n for a, n in counts.items() if n < 2},
        "data_sha256": digest,
        "sources": sources or [],
    }
    return DisclosureModel(pipeline, meta)


def train(
    corpus: list[Labelled], *, seed: int = 0, folds: int = 5, sources: list[str] | None = None
) -> DisclosureModel:
    """``fit`` on all of ``corpus``, with the figures of a stratified cross-validation on
    it: the model alone, the rules alone and the suggestion (both), on the same folds."""
    from classify.evaluation import cross_validate

    model = fit(corpus, seed=seed, sources=sources)
    smallest = min(Counter(item.attribute for item in corpus).values())
    folds = max(2, min(folds, smallest))
    cv = cross_validate(corpus, folds=folds, seed=seed)
    model.meta["cross_validation"] = {"folds": folds, **cv["model"]}
    model.meta["cross_validation_rules"] = cv["rules"]
    model.meta["cross_validation_suggestion"] = cv["suggestion"]
    return model


def evaluate(model: DisclosureModel, corpus: list[Labelled]) -> dict:
    """The model alone on ``corpus`` (markings cut, as always from what it reads)."""
    rows = [model_input(item.document, item.short) for item in corpus]
    labels = [item.attribute.value for item in corpus]
    return score(labels, model.pipeline.predict_proba(rows), list(model.pipeline.classes_))


def score(labels, probabilities, classes: list[str]) -> dict:
    best = np.asarray(probabilities).argmax(axis=1)
    predicted = [classes[i] for i in best]
    confidence = [float(row[i]) for row, i in zip(probabilities, best, strict=True)]
    return metrics.score(list(labels), predicted, confidence)


def _figures(heading: str, m: dict) -> str:
    rows = "\n".join(
        f"| {c} | {x['precision']:.3f} | {x['recall']:.3f} | {x['f1']:.3f} | {x['support']} |"
        for c, x in m["per_class"].items()
    )
    labels = m["confusion_matrix"]["labels"]
    matrix = "\n".join(
        f"| {labels[i]} | " + " | ".join(str(v) for v in row) + " |"
        for i, row in enumerate(m["confusion_matrix"]["rows_true_columns_predicted"])
    )
    ece = m.get("expected_calibration_error")
    calibration = f"; expected calibration error {ece:.3f}" if ece is not None else ""
    return f"""### {heading}

Accuracy {m["accuracy"]:.3f}, macro F1 {metrics.macro_f1(m):.3f}{calibration}.

| class | precision | recall | F1 | documents |
|---|---|---|---|---|
{rows}

| true \\ predicted | {" | ".join(labels)} |
|---|{"---|" * len(labels)}
{matrix}
"""


def model_card(meta: dict) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in meta["label_counts"].items())
    left_out = meta.get("left_out") or {}
    left = ", ".join(f"{k} {v}" for k, v in left_out.items())
    left = f" Left out (fewer than two examples): {left}." if left else ""
    sections = []
    if "cross_validation" in meta:
        folds = meta["cross_validation"]["folds"]
        sections.append(f"## Cross-validation ({folds} folds, stratified, same folds for all)\n")
        sections.append(_figures("The model alone", meta["cross_validation"]))
        if "cross_validation_rules" in meta:
            rules = meta["cross_validation_rules"]
            sections.append(_figures("The rules alone (no training)", rules))
            sections.append(
                _figures("The suggestion: rules and model", meta["cross_validation_suggestion"])
            )
    if "held_out" in meta:
        held = meta["held_out"]
        sections.append(
            f"## On {held['documents']} held-out documents of the office "
            f"(markings cut; baseline: {held['baseline']})\n"
        )
        sections.append(_figures("The suggestion with this model", held["candidate"]))
        sections.append(_figures(f"The suggestion with {held['baseline']}", held["before"]))
    if meta.get("learning_curve"):
        points = "\n".join(
            f"| {p['share']:.0%} | {p['documents']} | {p['accuracy']:.3f} | {p['macro_f1']:.3f} |"
            for p in meta["learning_curve"]
        )
        sections.append(
            "## Learning curve (suggestion on the held-out documents)\n\n"
            "| share of the office's training part | documents | accuracy | macro F1 |\n"
            f"|---|---|---|---|\n{points}\n"
        )
    command = meta.get("command") or (
        "gongkai train classifier --data CORPUS.jsonl --out models/classifier"
    )
    body = "\n".join(sections)
    return f"""# Model card: disclosure-attribute classifier `{meta["version"]}`

Trained {meta["trained_at"]} with scikit-learn {meta["sklearn_version"]} (seed {meta["seed"]}) on
{meta["documents"]} labelled documents ({counts}).{left}
Sources: {", ".join(meta["sources"]) or "not recorded"}; data sha256 `{meta["data_sha256"]}`.

Features: character 1–3-grams (TF-IDF) of the title (twice), the GB/T 9704 elements and the
body, with the 附注 disclosure marking, marking words and the 密级 cut so the model cannot
read the answer; plus the rules' findings as flags. Model: logistic regression (balanced
class weights) calibrated with Platt scaling. In use, the suggestion adds the log of its
probabilities to the rules' scores (`classify/suggest.py`).

{body}
## Training command
`{command}`
"""
