"""The plain-Python figures agree with scikit-learn's (an independent implementation)."""

from __future__ import annotations

import random

import pytest
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

from classify.metrics import LABELS, calibration_error, score


@pytest.mark.parametrize("seed", range(5))
def test_score_matches_scikit_learn(seed):
    rng = random.Random(seed)
    truth = [rng.choice(LABELS) for _ in range(80)]
    predicted = [t if rng.random() < 0.6 else rng.choice(LABELS) for t in truth]
    ours = score(truth, predicted)
    p, r, f, support = precision_recall_fscore_support(
        truth, predicted, labels=list(LABELS), zero_division=0
    )
    assert ours["accuracy"] == pytest.approx(accuracy_score(truth, predicted), abs=1e-4)
    for i, label in enumerate(LABELS):
        got = ours["per_class"][label]
        assert (got["precision"], got["recall"], got["f1"]) == pytest.approx(
            (p[i], r[i], f[i]), abs=1e-4
        )
        assert got["support"] == support[i]
    assert ours["macro_f1"] == pytest.approx(
        f1_score(truth, predicted, labels=list(LABELS), average="macro"), abs=1e-4
    )
    assert (
        ours["confusion_matrix"]["rows_true_columns_predicted"]
        == confusion_matrix(truth, predicted, labels=list(LABELS)).tolist()
    )


def test_calibration_error_of_a_perfectly_calibrated_and_a_hopeless_predictor():
    assert calibration_error([1.0] * 10, [True] * 10) == 0
    assert calibration_error([0.95] * 10, [False] * 10) == pytest.approx(0.95)
    # Half right at 0.5 confidence: calibrated.
    assert calibration_error([0.5] * 10, [True, False] * 5) == pytest.approx(0)


def test_an_absent_class_does_not_count_in_the_macro_f1():
    ours = score(["主动公开", "不予公开"], ["主动公开", "不予公开"])
    assert ours["macro_f1"] == 1.0
    assert ours["per_class"]["依申请公开"]["support"] == 0
