"""One writer per media type: text, DOCX and PDF."""
