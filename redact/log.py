"""The redaction log that goes with every output: where, why and who — never what.

JSON for machines and the audit trail; a printable HTML page for the file.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

from core.datamodel import Document, RedactedFile


def log_record(document: Document, redacted: RedactedFile) -> dict:
    return {
        "document": {
            "filename": document.filename,
            "media_type": document.media_type.value,
            "sha256": document.sha256,
            "page_count": document.page_count,
        },
        "output": {
            "sha256": redacted.sha256,
            "size": len(redacted.data),
            "media_type": redacted.media_type.value,
        },
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "redactions": [entry.to_dict() for entry in redacted.entries],
        "scrubbed": list(redacted.scrubbed),
        "rasterised_pages": [
            {"page": page, "reason": reason} for page, reason in redacted.rasterised
        ],
        "verification": dict(redacted.verification),
    }


def log_html(record: dict) -> str:
    e = html.escape
    doc, out = record["document"], record["output"]
    rows = "\n".join(
        f"<tr><td>{r['number']}</td><td>{e(r['label'])}</td><td>{e(r['legal_basis'] or '')}</td>"
        f"<td>{r['page'] or ''}</td><td>{e(r['location'] or '')}</td>"
        f"<td>{e(r['reviewer'] or '（自动）')}</td><td>{e(r['confirmed_at'] or '')}</td></tr>"
        for r in record["redactions"]
    )
    scrubbed = "".join(f"<li>{e(s)}</li>" for s in record["scrubbed"]) or "<li>无</li>"
    raster = (
        "".join(f"<li>第 {p['page']} 页：{e(p['reason'])}</li>" for p in record["rasterised_pages"])
        or "<li>无</li>"
    )
    check = record["verification"]
    verdict = "通过" if check.get("ok") else "未通过"
    tools = e("、".join(check.get("tools", [])))
    original = f"{e(doc['filename'] or '（未命名）')}（{e(doc['media_type'])}）"
    survived = f"{check.get('survived', 0):.2%}"
    output_type = e(out.get("media_type", ""))
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>删除记录 {e(doc["filename"] or "")}</title>
<style>
body {{ font-family: "Noto Serif CJK SC", "SimSun", serif; margin: 2cm; color: #111; }}
h1 {{ font-size: 18pt; }} table {{ border-collapse: collapse; width: 100%; font-size: 10.5pt; }}
th, td {{ border: 1px solid #444; padding: 4px 6px; text-align: left; vertical-align: top; }}
th {{ background: #eee; }} dt {{ font-weight: bold; }} code {{ font-size: 9pt; }}
@media print {{ body {{ margin: 1cm; }} }}
</style></head><body>
<h1>信息公开删除处理记录</h1>
<dl>
<dt>原文件</dt><dd>{original}<br>SHA-256 <code>{doc["sha256"]}</code></dd>
<dt>公开文件</dt><dd>{output_type}，SHA-256 <code>{out["sha256"]}</code>，{out["size"]} 字节</dd>
<dt>生成时间</dt><dd>{e(record["written_at"])}</dd>
<dt>泄露检查</dt><dd>{verdict}（工具：{tools}；保留文字比例 {survived}）</dd>
</dl>
<h2>删除内容（共 {len(record["redactions"])} 处；本记录不含被删除的文字）</h2>
<table><thead><tr><th>序号</th><th>类别</th><th>依据</th><th>页码</th><th>位置</th><th>确认人</th><th>确认时间</th></tr></thead>
<tbody>
{rows}
</tbody></table>
<h2>同时清除</h2><ul>{scrubbed}</ul>
<h2>整页图像化处理</h2><ul>{raster}</ul>
</body></html>
"""
