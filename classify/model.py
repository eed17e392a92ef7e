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
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from classify.dataset import Labelled, corpus_hash, model_input
from core.datamodel import DisclosureAttribute, Document
from core.errors import GongkaiError

FORMAT_VERSION = 1
LABELS = [a.value for a in DisclosureAttribute]


class ModelIncompatible(GongkaiError):
    code = "model_incompatible"
    http_status = 503


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


def train(
    corpus: list[Labelled], *, seed: int = 0, folds: int = 5, sources: list[str] | None = None
) -> DisclosureModel:
    rows = [model_input(item.document) for item in corpus]
    labels = np.array([item.attribute.value for item in corpus])
    smallest = min(np.unique(labels, return_counts=True)[1])
    folds = max(2, min(folds, int(smallest)))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    inner = max(2, min(3, int(smallest) - int(np.ceil(smallest / folds))))
    predicted = cross_val_predict(
        build_pipeline(seed, inner), rows, labels, cv=splitter, method="predict_proba"
    )
    pipeline = build_pipeline(seed, max(2, min(3, int(smallest)))).fit(rows, labels)
    classes = list(pipeline.classes_)
    metrics = score(labels, predicted, classes)
    trained_at = datetime.now(UTC)
    meta = {
        "format_version": FORMAT_VERSION,
        "version": trained_at.strftime("%Y%m%d-%H%M%S") + "-" + corpus_hash(corpus)[:8],
        "trained_at": trained_at.isoformat(timespec="seconds"),
        "sklearn_version": sklearn.__version__,
        "seed": seed,
        "documents": len(corpus),
        "label_counts": {c: int((labels == c).sum()) for c in classes},
        "data_sha256": corpus_hash(corpus),
        "sources": sources or [],
        "cross_validation": {"folds": folds, **metrics},
    }
    return DisclosureModel(pipeline, meta)


def evaluate(model: DisclosureModel, corpus: list[Labelled]) -> dict:
    rows = [model_input(item.document) for item in corpus]
    labels = np.array([item.attribute.value for item in corpus])
    return score(labels, model.pipeline.predict_proba(rows), list(model.pipeline.classes_))


def score(labels, probabilities, classes: list[str]) -> dict:
    predicted = np.array(classes)[probabilities.argmax(axis=1)]
    p, r, f, support = precision_recall_fscore_support(
        labels, predicted, labels=classes, zero_division=0
    )
    confidence = probabilities.max(axis=1)
    correct = predicted == labels
    ece = 0.0
    for low in np.linspace(0, 1, 10, endpoint=False):
        inside = (confidence > low) & (confidence <= low + 0.1)
        if inside.any():
            ece += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return {
        "accuracy": round(float(correct.mean()), 4),
        "per_class": {
            c: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "support": int(support[i]),
            }
            for i, c in enumerate(classes)
        },
        "confusion_matrix": {
            "labels": classes,
            "rows_true_columns_predicted": confusion_matrix(
                labels, predicted, labels=classes
            ).tolist(),
        },
        "expected_calibration_error": round(float(ece), 4),
    }


def model_card(meta: dict) -> str:
    cv = meta["cross_validation"]
    rows = "\n".join(
        f"| {c} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |"
        for c, m in cv["per_class"].items()
    )
    labels = cv["confusion_matrix"]["labels"]
    matrix = "\n".join(
        f"| {labels[i]} | " + " | ".join(str(v) for v in row) + " |"
        for i, row in enumerate(cv["confusion_matrix"]["rows_true_columns_predicted"])
    )
    counts = ", ".join(f"{k} {v}" for k, v in meta["label_counts"].items())
    return f"""# Model card: disclosure-attribute classifier `{meta["version"]}`

Trained {meta["trained_at"]} with scikit-learn {meta["sklearn_version"]} (seed {meta["seed"]}) on
{meta["documents"]} labelled documents ({counts});
sources: {", ".join(meta["sources"]) or "not recorded"}; data sha256 `{meta["data_sha256"]}`.

Features: character 1–3-grams (TF-IDF) of the title (twice), the GB/T 9704 elements and the
body, with the 附注 disclosure marking and the 密级 removed so the model cannot read the
answer; plus the document-type rule flags. Model: logistic regression (balanced class
weights) calibrated with Platt scaling.

## Figures ({cv["folds"]}-fold stratified cross-validation)

Accuracy {cv["accuracy"]:.3f}; expected calibration error {cv["expected_calibration_error"]:.3f}.

| class | precision | recall | F1 | documents |
|---|---|---|---|---|
{rows}

Confusion matrix (rows: true, columns: predicted; order {", ".join(labels)}):

| true \\ predicted | {" | ".join(labels)} |
|---|{"---|" * len(labels)}
{matrix}

## Training command
`gongkai train classifier --data CORPUS.jsonl --out models/classifier`
"""
