"""The pictures of OFD pages: what a scanned OFD is made of. ofdkit reads an OFD's text
only, so the image objects of each page (and of its templates) are found here, in the
package ofdkit opens, and drawn onto a white page for OCR, the page view and the
published PDF.

An image object places its picture in the unit square of its own space: the CTM maps
that square, and the Boundary's origin moves it on the page (GB/T 33190 §8.2, y down).
"""

from __future__ import annotations

import io
import posixpath
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from core.errors import CorruptDocument, ImageTooLarge
from ingest.limits import IngestLimits

#: More picture objects than this on one page is not a scan but a mosaic; refused.
MAX_PICTURES_PER_PAGE = 64
#: Page block nesting followed at most (ofdkit's own limit for text).
MAX_NESTING = 32

Affine = tuple[float, float, float, float, float, float]
_IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Picture:
    """One image object: its part in the package and where the unit square lands
    (object space to page millimetres)."""

    part: str
    transform: Affine


class OfdPictures:
    """The pictures of every page of an OFD, in ofdkit's page order."""

    def __init__(self, data: bytes):
        from ofdkit import OFDError
        from ofdkit.package import Package

        try:
            self._package = Package(data)
        except OFDError as exc:
            raise CorruptDocument(f"OFD 文件已损坏（the OFD cannot be read: {exc}）") from exc
        self.pages: list[list[Picture]] = []
        self.warnings: list[str] = []
        try:
            entry = self._package.find("OFD.xml") or "OFD.xml"
            for body in _children(self._xml(entry), "DocBody"):
                document = self._package.resolve(entry, _text(_child(body, "DocRoot")))
                if document is not None:
                    self._read_body(document)
        except BaseException:
            self._package.close()
            raise

    def close(self) -> None:
        self._package.close()

    def coverage(self, page: int, width_mm: float, height_mm: float) -> float:
        """The share of page ``page`` its pictures cover (overlaps counted twice)."""
        area = sum(
            abs(p.transform[0] * p.transform[3] - p.transform[1] * p.transform[2])
            for p in self._on(page)
        )
        return area / max(width_mm * height_mm, 1e-6)

    def picture_count(self, page: int) -> int:
        """How many pictures page ``page`` (1-based) has."""
        return len(self._on(page))

    def _on(self, page: int) -> list[Picture]:
        return self.pages[page - 1] if 0 < page <= len(self.pages) else []

    def draw(
        self, page: int, width_mm: float, height_mm: float, px_per_mm: float, limits: IngestLimits
    ):
        """Page ``page`` (1-based) drawn with its pictures on white, ``px_per_mm``
        pixels per millimetre, as an RGB PIL image."""
        from PIL import Image

        size = (max(1, round(width_mm * px_per_mm)), max(1, round(height_mm * px_per_mm)))
        canvas = Image.new("RGB", size, (255, 255, 255))
        for picture in self._on(page):
            source = self._image(picture.part, limits)
            a, b, c, d, e, f = picture.transform
            det = a * d - b * c
            if abs(det) < 1e-9:
                continue
            # PIL maps each output pixel back into the source: invert page -> unit square
            # -> source pixels.
            ia, ib, ic, id_ = d / det, -c / det, -b / det, a / det
            w, h = source.size
            s = 1.0 / px_per_mm
            coefficients = (
                w * ia * s,
                w * ib * s,
                w * (-(ia * e) - ib * f),
                h * ic * s,
                h * id_ * s,
                h * (-(ic * e) - id_ * f),
            )
            placed = source.convert("RGBA").transform(
                size, Image.Transform.AFFINE, coefficients, resample=Image.Resampling.BILINEAR
            )
            canvas.paste(placed, (0, 0), placed)
        return canvas

    # --- reading the package ------------------------------------------------------

    def _read_body(self, document: str) -> None:
        root = self._xml(document)
        common = _child(root, "CommonData")
        media: dict[str, str] = {}
        templates: dict[str, str] = {}
        for element in common if common is not None else ():
            name = _local(element.tag)
            if name in ("PublicRes", "DocumentRes"):
                media.update(self._media(self._package.resolve(document, _text(element))))
            elif name == "TemplatePage":
                found = self._package.resolve(document, element.get("BaseLoc"))
                if found is not None:
                    templates[(element.get("ID") or "").strip()] = found
        pages = _child(root, "Pages")
        for page in _children(pages, "Page") if pages is not None else ():
            location = self._package.resolve(document, page.get("BaseLoc"))
            self.pages.append(self._page(location, media, templates) if location else [])

    def _page(self, location: str, media: dict[str, str], templates: dict[str, str]):
        root = self._xml(location)
        local = dict(media)
        for reference in _children(root, "PageRes"):
            local.update(self._media(self._package.resolve(location, _text(reference))))
        box = _numbers(_text(_child(_child(root, "Area"), "PhysicalBox")), 4) or (0, 0, 0, 0)
        # Picture positions are on the page; the page box's origin is where drawing starts.
        origin: Affine = (1.0, 0.0, 0.0, 1.0, -box[0], -box[1])
        pictures: list[Picture] = []
        for reference in _children(root, "Template"):
            template = templates.get((reference.get("TemplateID") or "").strip())
            if template is not None:
                pictures += self._pictures(self._xml(template), local, origin)
        pictures += self._pictures(root, local, origin)
        if len(pictures) > MAX_PICTURES_PER_PAGE:
            raise CorruptDocument(
                f"OFD 页面含 {len(pictures)} 张图片，超过上限 {MAX_PICTURES_PER_PAGE}"
                f"（an OFD page holds {len(pictures)} pictures, more than "
                f"{MAX_PICTURES_PER_PAGE}）"
            )
        return pictures

    def _pictures(self, root: ET.Element, media: dict[str, str], origin: Affine):
        found: list[Picture] = []

        def walk(elements, depth: int) -> None:
            for element in elements:
                name = _local(element.tag)
                if name == "ImageObject":
                    part = media.get((element.get("ResourceID") or "").strip())
                    if part is None:
                        self.warnings.append(
                            f"image {element.get('ResourceID')}: its resource is missing"
                        )
                        continue
                    found.append(Picture(part, _compose(origin, _placement(element))))
                elif name == "PageBlock" and depth < MAX_NESTING:
                    walk(list(element), depth + 1)

        content = _child(root, "Content")
        for layer in _children(content, "Layer") if content is not None else ():
            walk(list(layer), 0)
        return found

    def _media(self, resource: str | None) -> dict[str, str]:
        """MultiMedia ID -> package part, from one resource file."""
        if resource is None:
            return {}
        root = self._xml(resource)
        base = posixpath.join(posixpath.dirname(resource), (root.get("BaseLoc") or "").strip())
        out = {}
        for holder in _children(root, "MultiMedias"):
            for item in _children(holder, "MultiMedia"):
                if (item.get("Type") or "Image").strip().lower() != "image":
                    continue
                location = _text(_child(item, "MediaFile"))
                part = self._package.resolve(base + "/", location) or self._package.resolve(
                    resource, location
                )
                if part is not None:
                    out[(item.get("ID") or "").strip()] = part
        return out

    def _image(self, part: str, limits: IngestLimits):
        from PIL import Image, UnidentifiedImageError

        from ingest.ocr import check_image

        try:
            image = Image.open(io.BytesIO(self._package.read(part)))
            check_image(*image.size, limits)
            image.load()
            return image
        except Image.DecompressionBombError as exc:
            raise ImageTooLarge(f"OFD 中的图片像素过多（{exc}）") from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise CorruptDocument(
                f"OFD 中的图片 {posixpath.basename(part)} 无法读取（可能为 JBIG2 等暂不支持的格式）"
                f"（the OFD's picture {part} cannot be decoded: {exc}）"
            ) from exc

    def _xml(self, part: str) -> ET.Element:
        from ofdkit import OFDError

        try:
            return self._package.read_xml(part)
        except OFDError as exc:
            raise CorruptDocument(f"OFD 文件已损坏（the OFD cannot be read: {exc}）") from exc


def _placement(element: ET.Element) -> Affine:
    box = _numbers(element.get("Boundary"), 4) or (0.0, 0.0, 0.0, 0.0)
    a, b, c, d, e, f = _numbers(element.get("CTM"), 6) or (box[2], 0.0, 0.0, box[3], 0.0, 0.0)
    return (a, b, c, d, e + box[0], f + box[1])


def _compose(outer: Affine, inner: Affine) -> Affine:
    """The transform that applies ``inner`` first, then ``outer``."""
    A, B, C, D, E, F = outer
    a, b, c, d, e, f = inner
    return (
        A * a + C * b,
        B * a + D * b,
        A * c + C * d,
        B * c + D * d,
        A * e + C * f + E,
        B * e + D * f + F,
    )


def _numbers(value: str | None, count: int) -> tuple[float, ...] | None:
    try:
        parts = tuple(float(p) for p in (value or "").split())
    except ValueError:
        return None
    return parts if len(parts) == count else None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: ET.Element, name: str):
    return (c for c in element if _local(c.tag) == name)


def _child(element: ET.Element | None, name: str) -> ET.Element | None:
    return None if element is None else next(_children(element, name), None)


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""
