"""Write the example documents in this folder (run from the repository root:
``python scripts/build_examples.py``). The people in them are invented."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.docgen import NOTICE, REQUEST, SECRET, render_docx, render_pdf  # noqa: E402

NOTICE_OF_PUBLICITY = """贺州市人力资源和社会保障局
关于2023年度贺州市技能大师工作室拟认定名单的公示
根据《贺州市技能大师工作室建设项目实施办法》规定，经单位申报、专家评审，拟认定以下3个工作室为2023年度贺州市技能大师工作室，现予以公示。
一、公示名单：贺州市职业教育中心数控加工技能大师工作室、贺州市中医医院中药炮制技能大师工作室、广西贺州某建设有限公司焊接技能大师工作室。
二、公示时间：2023年11月6日至2023年11月10日（5个工作日）。
公示期间，如有异议，请以书面形式向贺州市人力资源和社会保障局职业能力建设科反映，联系电话：0774-5285316。
贺州市人力资源和社会保障局
2023年11月6日
（此件主动公开）
"""


def main() -> None:
    here = ROOT / "examples"
    (here / "01-notice-pension-adjustment.pdf").write_bytes(render_pdf(NOTICE))
    (here / "02-request-employment-funds.docx").write_bytes(render_docx(REQUEST))
    (here / "03-secret-staff-appraisal.docx").write_bytes(render_docx(SECRET))
    # Many office text files are GBK, not UTF-8.
    (here / "04-publicity-skills-studios.txt").write_bytes(NOTICE_OF_PUBLICITY.encode("gbk"))


if __name__ == "__main__":
    main()
