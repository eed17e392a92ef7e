"""`make run` loads examples/: every example parses, and loading twice adds nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from api.main import create_app
from cli.serve_cmd import load_folder
from ingest import IngestLimits
from store.records import DocumentRecord

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_examples_load_once_and_are_processed(settings):
    app = create_app(settings)
    load_folder(app, EXAMPLES, IngestLimits())
    load_folder(app, EXAMPLES, IngestLimits())
    with app.state.runtime.session() as session:
        records = list(session.scalars(select(DocumentRecord).order_by(DocumentRecord.id)))
        assert len(records) == len([p for p in EXAMPLES.iterdir() if p.is_file()]) == 4
        assert all(r.state == "in_review" for r in records)
        by_name = {r.current.filename: r for r in records}
        assert by_name["01-notice-pension-adjustment.pdf"].doc_number == "贺人社发〔2020〕102号"
        secret = by_name["03-secret-staff-appraisal.docx"]
        assert secret.current.parsed["elements"][1]["value"] == "秘密★1年"
        assert secret.publication_blocked
        text = by_name["04-publicity-skills-studios.txt"]
        assert text.current.parsed["encoding"] == "gbk"
        assert text.title == "关于2023年度贺州市技能大师工作室拟认定名单的公示"
