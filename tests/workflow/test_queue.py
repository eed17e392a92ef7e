"""The queue for a day's work: counts per document in one query, search, sort, pages,
visibility by office; the publication queue holds only what is cleared or queued."""

from __future__ import annotations

from tests.docgen import NOTICE, REQUEST, SECRET, render_docx, render_pdf
from workflow import review
from workflow.queue import publication_queue, review_queue


def test_pages_sorting_search_and_counts(office):
    ids = {
        "request": office.upload(render_docx(REQUEST), "请示.docx"),
        "notice": office.upload(render_pdf(NOTICE), "通知.pdf"),
        "secret": office.upload(render_docx(SECRET), "通报.docx"),
    }
    with office.runtime.session() as session:
        review.accept_suggestions(session, ids["request"], office.reviewer)
        counts = {
            name: (
                len(found := review.findings_of(session, doc, office.reviewer)),
                sum(1 for f in found if f.decision is None),
            )
            for name, doc in ids.items()
        }
        first = review_queue(session, office.reviewer, page_size=2, sort="newest")
        second = review_queue(session, office.reviewer, page_size=2, sort="newest", page=2)
        assert (first.total, first.pages, len(first.rows), len(second.rows)) == (3, 2, 2, 1)
        listed = [r.document.id for r in first.rows + second.rows]
        assert listed == sorted(ids.values(), reverse=True)
        by_id = {r.document.id: (r.findings, r.undecided) for r in first.rows + second.rows}
        assert by_id == {doc: counts[name] for name, doc in ids.items()}
        most = review_queue(session, office.reviewer, sort="undecided").rows
        assert [r.undecided for r in most] == sorted((r.undecided for r in most), reverse=True)
        found = review_queue(session, office.reviewer, search="考核结果").rows
        assert [r.document.id for r in found] == [ids["secret"]]
        pdfs = review_queue(session, office.reviewer, media_type="application/pdf").rows
        assert [r.document.id for r in pdfs] == [ids["notice"]]
        assert review_queue(session, office.other_drafter).total == 0  # another office
        assert publication_queue(session, office.reviewer) == []  # all still in review
