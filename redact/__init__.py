"""Personal-data detection and true redaction.

Not built yet: see the detection and redaction issues. Ingest already supplies what
they need: the full text, its blocks with their source parts, a page box for every PDF
character, and the metadata that redaction must scrub.
"""
