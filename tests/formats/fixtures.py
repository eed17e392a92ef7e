"""Real-format fixtures, written by libraries we did not write: a 公示 workbook by
openpyxl (with the places a value hides: a hidden sheet, a hidden row and column, a
comment, a formula, a defined name, headers and footers, properties), extra package
parts a pivot cache and an external link leave, CSVs, and conversions by LibreOffice.
The people, numbers and addresses are invented; the ID numbers carry valid check digits."""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from tests.idgen import REGIONS
from tests.oracles import id_check_digit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强文博晓燕海燕丽娟"
STREETS = ("建设中路", "八步东路", "太白路", "灵峰南路", "鞍山西路", "光明大道", "江北东路")


def person_id(rng: random.Random) -> str:
    born = f"{rng.randrange(1950, 2005)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    body = f"{rng.choice(REGIONS)}{born}{rng.randrange(1000):03d}"
    return body + id_check_digit(body)


def rows(count: int, seed: int = 3) -> list[tuple[str, str, str, str, int]]:
    """(name, ID, mobile, address, amount) rows of a subsidy list."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        mobile = f"139{rng.randrange(10**8):08d}"
        address = (
            f"贺州市八步区{rng.choice(STREETS)}{rng.randrange(1, 300)}号{rng.randrange(1, 9)}栋"
            f"{rng.randrange(1, 30)}0{rng.randrange(1, 5)}室"
        )
        out.append((name, person_id(rng), mobile, address, rng.randrange(500, 5000)))
    return out


HEADER = ("序号", "姓名", "身份证号", "联系电话", "家庭住址", "补贴金额（元）")
TITLE = "2021年第二批就业困难人员社会保险补贴发放名单公示"


def subsidy_workbook(people: list[tuple], *, extras: bool = True) -> bytes:
    """A 公示 list as offices publish them: a title row, a header row, one row a person."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.workbook.defined_name import DefinedName

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "公示名单"
    sheet.append([TITLE])
    sheet.append(list(HEADER))
    for number, (name, pid, mobile, address, amount) in enumerate(people, start=1):
        sheet.append([number, name, pid, mobile, address, amount])
    if not extras:
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    last = len(people) + 2
    sheet.append(["合计", None, None, None, None, f"=SUM(F3:F{last})"])
    sheet["H3"] = "=C3"  # a formula that re-creates the first person's ID
    sheet["H4"] = "=LEN(C4)"  # one that reads a private cell for a harmless result
    sheet["H5"] = "=F5*2"  # and one that reads only a kept cell
    sheet.column_dimensions["D"].hidden = True
    sheet.row_dimensions[4].hidden = True
    sheet["E3"].comment = Comment(f"本人电话 {people[1][2]}，已核实", "经办人赵审核")
    sheet.oddHeader.center.text = f"经办人：{people[0][0]}"
    sheet.oddFooter.right.text = "第 &P 页"
    hidden = book.create_sheet("备查")
    hidden.sheet_state = "hidden"
    hidden.append(["姓名", "公民身份号码"])
    hidden.append([people[2][0], people[2][1]])
    book.defined_names["首位申请人"] = DefinedName("首位申请人", attr_text=f'"{people[0][1]}"')
    book.properties.creator = "赵审核"
    book.properties.title = TITLE
    out = io.BytesIO()
    book.save(out)
    cached = with_cached_values(
        out.getvalue(),
        {"H3": (people[0][1], "str"), "H4": ("18", None), "H5": (str(people[2][4] * 2), None)},
    )
    return with_cached_parts(cached, people[0][1], people[3][2])


def with_cached_values(xlsx: bytes, values: dict[str, tuple[str, str | None]]) -> bytes:
    """Give formulas the cached results Excel stores (openpyxl computes none)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for ref, (value, kind) in values.items():
                    found = re.search(rf'<c r="{ref}"( [^>]*)?><f>([^<]*)</f><v\s*(/>|></v>)', text)
                    assert found, ref
                    typed = f' t="{kind}"' if kind else ""
                    text = text.replace(
                        found.group(0), f'<c r="{ref}"{typed}><f>{found.group(2)}</f><v>{value}</v>'
                    )
                data = text.encode()
            target.writestr(info, data)
    return out.getvalue()


def with_cached_parts(xlsx: bytes, pivot_value: str, external_value: str) -> bytes:
    """Add the parts a pivot cache and an external link leave in a package, holding
    copies of values: nothing shows them, yet they are in the file."""
    pivot = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        f' count="1"><r><s v="{pivot_value}"/><n v="1200"/></r></pivotCacheRecords>'
    )
    external = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<externalBook><sheetNames><sheetName val="名单"/></sheetNames><sheetDataSet>'
        '<sheetData sheetId="0"><row r="1"><cell r="A1" t="str">'
        f"<v>{external_value}</v></cell></row></sheetData></sheetDataSet></externalBook>"
        "</externalLink>"
    )
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/pivotCache/pivotCacheRecords1.xml", pivot)
        target.writestr("xl/externalLinks/externalLink1.xml", external)
    return out.getvalue()


def subsidy_csv(people: list[tuple], encoding: str = "gbk") -> bytes:
    lines = [",".join(HEADER)]
    for number, (name, pid, mobile, address, amount) in enumerate(people, start=1):
        lines.append(f'{number},{name},{pid},{mobile},"{address}",{amount}')
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_convert(data: bytes, source_ext: str, target: str) -> bytes:
    """Convert with LibreOffice (e.g. a DOCX into .doc with target "doc:MS Word 97")."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / f"in{source_ext}"
        source.write_bytes(data)
        profile = (folder / "profile").as_uri()
        subprocess.run(
            [soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to",
             target, "--outdir", str(folder / "out"), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        [written] = (folder / "out").iterdir()
        return written.read_bytes()


OFD_DATA = Path(__file__).parent / "data" / "ofd"
#: The pictures of the scanned OFD that WPS wrote (data/ofd/SOURCE.md), pages 1 and 2.
FIRST_PICTURE, SECOND_PICTURE = "DOC_0/Res/Image_4.JPEG", "DOC_0/Res/Image_8.JPEG"


def wps_scan() -> bytes:
    """A real image-only OFD: two pages, one photograph each, no text."""
    return (OFD_DATA / "scanned_wps.ofd").read_bytes()


def ofd_with_picture(picture: bytes, part: str = FIRST_PICTURE, base: bytes | None = None):
    """The WPS scan (or ``base``) with one picture's bytes replaced, nothing else changed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base or wps_scan())) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            target.writestr(info, picture if info.filename == part else source.read(info))
    return out.getvalue()
