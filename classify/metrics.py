"""The figures every report gives: accuracy, per-class precision/recall/F1, macro F1,
the confusion matrix and the calibration error — plain Python, so evaluating the rules
needs no scikit-learn in the process."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

LABELS = ("主动公开", "依申请公开", "不予公开")


def score(
    truth: Sequence[str],
    predicted: Sequence[str],
    confidence: Sequence[float] | None = None,
    labels: Sequence[str] = LABELS,
) -> dict:
    """``confidence``: the probability each prediction was given (for the calibration
    error: the mean gap between confidence and accuracy over ten equal-width bins)."""
    if len(truth) != len(predicted):
        raise ValueError("truth and predictions differ in length")
    labels = list(labels)
    matrix = [[0] * len(labels) for _ in labels]
    for t, p in zip(truth, predicted, strict=True):
        matrix[labels.index(t)][labels.index(p)] += 1
    per_class = {}
    for i, label in enumerate(labels):
        tp = matrix[i][i]
        predicted_as = sum(row[i] for row in matrix)
        support = sum(matrix[i])
        precision = tp / predicted_as if predicted_as else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support,
        }
    correct = [t == p for t, p in zip(truth, predicted, strict=True)]
    out = {
        "documents": len(truth),
        "accuracy": round(sum(correct) / len(correct), 4) if correct else 0.0,
        "macro_f1": macro_f1({"per_class": per_class}),
        "per_class": per_class,
        "confusion_matrix": {"labels": labels, "rows_true_columns_predicted": matrix},
    }
    if confidence is not None:
        out["expected_calibration_error"] = round(calibration_error(confidence, correct), 4)
    return out


def macro_f1(metrics: Mapping) -> float:
    """The mean F1 of the classes that occur (a class with no example says nothing)."""
    scores = [c["f1"] for c in metrics["per_class"].values() if c["support"]]
    return round(sum(scores) / len(scores), 4) if scores else 0.0


def calibration_error(
    confidence: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> float:
    total, error = len(confidence), 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [
            (c, ok)
            for c, ok in zip(confidence, correct, strict=True)
            if (low < c <= high) or (b == 0 and c == 0)
        ]
        if inside:
            accuracy = sum(ok for _, ok in inside) / len(inside)
            mean_confidence = sum(c for c, _ in inside) / len(inside)
            error += len(inside) / total * abs(accuracy - mean_confidence)
    return error
