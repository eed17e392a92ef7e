"""A page's objects as pdfplumber lists them, with characters built cheaply.

pdfplumber turns every pdfminer character into a dict of some twenty resolved
attributes; on a born-digital page of 700 characters that conversion cost as much as
reading the page itself. Parsing needs five of them (text, box, size), so characters
get exactly those, and everything else (the rules and boxes the table finder reads)
still goes through pdfplumber's own conversion.
"""

from __future__ import annotations

from pdfminer.layout import LTChar, LTContainer


def load_objects(page) -> None:
    """Fill ``page.objects`` (pdfplumber's cache of them) before anything reads it."""
    height = float(page.height)
    x_shift, y_shift = float(page.mediabox[0]), float(page.mediabox[1])
    objects: dict[str, list[dict]] = {}
    chars: list[dict] = []
    for obj in _leaves(page.layout._objs):
        if isinstance(obj, LTChar):
            # The same coordinates pdfplumber computes: top-down, relative to the MediaBox.
            chars.append(
                {
                    "object_type": "char",
                    "page_number": page.page_number,
                    "text": obj.get_text(),
                    "fontname": obj.fontname,
                    "size": obj.size,
                    "upright": obj.upright,
                    "x0": obj.x0 + x_shift,
                    "x1": obj.x1 + x_shift,
                    "top": height - obj.y1 + y_shift,
                    "bottom": height - obj.y0 + y_shift,
                }
            )
            continue
        converted = page.process_object(obj)
        if converted["object_type"] != "anno":
            objects.setdefault(converted["object_type"], []).append(converted)
    if chars:
        objects["char"] = chars
    page._objects = objects


def _leaves(layout_objects):
    for obj in layout_objects:
        if isinstance(obj, LTContainer):
            yield from _leaves(obj._objs)
        else:
            yield obj
