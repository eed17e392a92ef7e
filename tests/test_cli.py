"""``gongkai inspect`` prints the parsed document; its JSON is the stable contract."""

from __future__ import annotations

import json

import pytest

from cli.main import main
from tests.docgen import SECRET, render_docx, render_pdf


@pytest.fixture
def secret_pdf(tmp_path):
    path = tmp_path / "通报.pdf"
    path.write_bytes(render_pdf(SECRET))
    return path


def test_inspect_json(secret_pdf, capsys):
    assert main(["inspect", str(secret_pdf), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["schema_version"] == 1
    assert out["media_type"] == "application/pdf"
    assert len(out["sha256"]) == 64
    assert out["page_count"] == 1
    elements = {e["name"]: e for e in out["elements"]}
    assert elements["secrecy"]["value"] == "秘密★1年"
    assert elements["secrecy"]["details"] == {"level": "秘密", "period": "1年"}
    assert (
        out["text"][elements["doc_number"]["start"] : elements["doc_number"]["end"]]
        == "贺人社发[2022]3号"
    )
    assert "boxes" not in out


def test_inspect_json_with_boxes(secret_pdf, capsys):
    assert main(["inspect", str(secret_pdf), "--json", "--boxes"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["boxes"]) == len(out["text"])
    first = out["boxes"][out["text"].index("秘")]
    assert first[0] == 1 and first[1] < first[3] and first[2] < first[4]


def test_inspect_text(tmp_path, capsys):
    path = tmp_path / "secret.docx"
    path.write_bytes(render_docx(SECRET))
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "密级和保密期限   秘密★1年" in out
    assert "成文日期      2022-01-20" in out
    assert "table_cell 9" in out


def test_inspect_reports_typed_errors(tmp_path, capsys):
    path = tmp_path / "fake.pdf"
    path.write_text("not a pdf")
    assert main(["inspect", str(path)]) == 2
    assert "error [disguised_file]" in capsys.readouterr().err
    assert main(["inspect", str(tmp_path / "missing.pdf")]) == 2


def test_a_command_imports_only_its_own_module():
    """``gongkai inspect`` spent most of its time importing every other command's
    dependencies (issue 14): the database layer, rq, the web app, scikit-learn."""
    import subprocess
    import sys

    probe = (
        "import sys; from cli.main import build_parser; build_parser(['inspect', 'x.pdf']);"
        "print(sorted(m for m in ('sqlalchemy', 'rq', 'fastapi', 'sklearn', 'cli.batch_cmd')"
        " if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
    every = subprocess.run(
        [sys.executable, "-c", probe.replace("['inspect', 'x.pdf']", "[]")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert "cli.batch_cmd" in every  # --help and unknown commands still list them all
