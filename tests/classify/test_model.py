"""The training code, exercised on a small corpus written here (not evidence about real
documents: tests/classify/test_real.py measures those)."""

from __future__ import annotations

import json
import random

import pytest

from classify import suggest
from classify.dataset import CorpusError, load_corpus, model_input
from classify.model import ModelIncompatible, evaluate, load_model, train
from cli.main import main
from core.datamodel import DisclosureAttribute
from ingest import extract_bytes

A = DisclosureAttribute
TOPICS = [
    "就业补助",
    "养老保险",
    "技能培训",
    "工伤认定",
    "人才引进",
    "劳动监察",
    "社保卡发放",
    "职称评审",
]


def write_corpus(path, n_per_class=12, seed=1):
    """Three kinds of document an office labels differently, in varied words."""
    rng = random.Random(seed)
    lines = []
    for i in range(n_per_class):
        topic = rng.choice(TOPICS)
        lines.append(
            {
                "attribute": A.PROACTIVE.value,
                "text": f"关于做好{i + 2020}年度{topic}工作的通知\n各县（区）人社局：\n现将{topic}政策向社会公布，请广泛宣传，方便群众办理。\n（此件公开发布）",
            }
        )
        lines.append(
            {
                "attribute": A.ON_APPLICATION.value,
                "text": f"关于{topic}有关问题的复函\n某某公司：\n你单位来函收悉。经研究，现就{topic}具体问题答复如下，仅供你单位参考。",
            }
        )
        lines.append(
            {
                "attribute": A.WITHHELD.value,
                "ground": "内部事务信息",
                "text": f"关于局机关{topic}科室值班安排的通知\n局机关各科室：\n为做好内部管理，现将{topic}科室值班和请假安排通知如下。",
            }
        )
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clf")
    corpus = load_corpus(write_corpus(folder / "corpus.jsonl"))
    model = train(corpus, seed=0, sources=["test corpus"])
    model.save(folder / "models")
    return folder, model


def test_markings_are_removed_from_what_the_model_reads():
    document = extract_bytes(
        "秘密★1年\n关于某事的通知\n各单位：\n正文。\n某某局\n2021年5月6日\n（此件公开发布）\n".encode()
    )
    seen = model_input(document)["text"]
    assert "此件公开发布" not in seen and "秘密★1年" not in seen and "正文" in seen


def test_training_reports_cross_validated_figures(trained):
    _, model = trained
    cv = model.meta["cross_validation"]
    assert set(cv["per_class"]) == {a.value for a in A}
    assert cv["accuracy"] >= 0.9  # three very different kinds of document
    assert 0 <= cv["expected_calibration_error"] <= 1
    assert sum(map(sum, cv["confusion_matrix"]["rows_true_columns_predicted"])) == 36


def test_save_load_round_trip(trained):
    folder, model = trained
    loaded = load_model(folder / "models")
    document = extract_bytes("关于社保卡发放有关问题的复函\n某某公司：\n来函收悉。".encode())
    assert loaded.predict_proba_one(document) == pytest.approx(model.predict_proba_one(document))
    assert (folder / "models" / model.version / "MODEL_CARD.md").read_text(encoding="utf-8").count(
        "|"
    ) > 20


def test_tampered_or_foreign_artifacts_are_refused(trained, tmp_path):
    folder, model = trained
    import shutil

    copy = tmp_path / "models"
    shutil.copytree(folder / "models", copy)
    path = copy / model.version / "model.joblib"
    path.write_bytes(path.read_bytes() + b"\x00")
    with pytest.raises(ModelIncompatible, match="hash"):
        load_model(copy)
    meta_path = copy / model.version / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["sklearn_version"] = "0.1"
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelIncompatible, match="retrain"):
        load_model(copy)
    assert load_model(tmp_path / "nothing-here") is None


def test_model_fills_in_where_no_rule_is_sure_and_conflicts_are_shown(trained):
    _, model = trained
    reply = extract_bytes("关于工伤认定有关问题的复函\n某某公司：\n来函收悉，现答复如下。".encode())
    suggestion = suggest(reply, model=model)
    assert suggestion.source.startswith("rules+model:")
    assert suggestion.attribute == A.ON_APPLICATION
    marked = extract_bytes(
        "关于工伤认定有关问题的复函\n某某公司：\n来函收悉。\n某某局\n2021年5月6日\n（此件公开发布）\n".encode()
    )
    ruled = suggest(marked, model=model)
    assert ruled.attribute == A.PROACTIVE  # the office's own marking decides
    assert any(c.startswith("模型倾向") for c in ruled.conflicts)


def test_evaluate_on_labelled_file(trained, tmp_path):
    _, model = trained
    metrics = evaluate(model, load_corpus(write_corpus(tmp_path / "held.jsonl", 4, seed=9)))
    assert metrics["accuracy"] >= 0.9


def test_train_and_evaluate_commands_with_a_back_catalogue(tmp_path, capsys):
    catalogue = tmp_path / "catalogue"
    catalogue.mkdir()
    rows = ["file,attribute"]
    corpus = [
        json.loads(x)
        for x in write_corpus(tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    for i, item in enumerate(corpus):
        (catalogue / f"doc{i}.txt").write_text(item["text"], encoding="gbk")
        rows.append(f"doc{i}.txt,{item['attribute']}")
    (tmp_path / "labels.csv").write_text("\n".join(rows), encoding="utf-8")
    out = tmp_path / "models"
    args = ["train", "classifier", "--catalogue", str(catalogue), "--labels"]
    assert main([*args, str(tmp_path / "labels.csv"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "model alone" in printed and "rules alone" in printed and "suggestion" in printed
    held = tmp_path / "held.jsonl"
    write_corpus(held, 4, seed=9)
    assert main(["evaluate", "classifier", "--data", str(held), "--model", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["source"].startswith("rules+model:")
    assert report["suggestion"]["accuracy"] >= 0.9 and report["model"]["accuracy"] >= 0.9
    assert main(["evaluate", "classifier", "--data", str(held), "--rules-only"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert rules["source"] == "rules" and "model" not in rules
    assert main(["evaluate", "classifier", "--data", str(held), "--model", str(tmp_path)]) == 2


def test_bad_corpus_lines_name_their_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"text": "关于某事的通知", "attribute": "主动公开"}\n{"text": "x", "attribute": "公开"}\n',
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"bad\.jsonl:2"):
        load_corpus(path)
