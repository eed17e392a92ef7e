"""GB/T 9704 elements, recognised with the right values and spans."""

from __future__ import annotations

import pytest

from core.datamodel import ElementName
from ingest import extract_bytes


def elements(text: str) -> dict[str, list[str]]:
    document = extract_bytes(text.encode("utf-8"))
    found: dict[str, list[str]] = {}
    for element in document.elements:
        found.setdefault(element.name.value, []).append(element.value)
        # Every span points at the text the element was read from.
        assert (
            document.text[element.start : element.end].strip()
            == document.text[element.start : element.end]
        )
        assert element.end > element.start
    return found


HEAD = "贺州市人力资源和社会保障局文件\n{number}\n关于做好技能培训工作的通知\n各县（区）人社局：\n现将有关事项通知如下。\n"


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("贺政办发〔2020〕102号", "贺政办发〔2020〕102号"),
        ("贺政办发[2020]102号", "贺政办发〔2020〕102号"),
        ("贺政办发［2020］102号", "贺政办发〔2020〕102号"),
        ("贺政办发（2020）102号", "贺政办发〔2020〕102号"),
        ("贺政办发(2020)102号", "贺政办发〔2020〕102号"),
        ("贺政办发〔2020〕 0102 号", "贺政办发〔2020〕102号"),
    ],
)
def test_doc_number_variants_are_normalised(written, normalised):
    found = elements(HEAD.format(number=written))
    assert found["doc_number"] == [normalised]
    assert found["title"] == ["关于做好技能培训工作的通知"]
    assert found["addressee"] == ["各县（区）人社局"]
    assert found["issuer_mark"] == ["贺州市人力资源和社会保障局文件"]


def test_doc_number_cited_in_the_body_is_not_the_documents_own():
    text = (
        "关于转发养老保险文件的通知\n各县（区）人社局：\n"
        "现将《关于调整待遇的通知》（桂人社发〔2020〕15号）转发给你们。\n"
    )
    found = elements(text)
    assert "doc_number" not in found
    assert found["title"] == ["关于转发养老保险文件的通知"]


@pytest.mark.parametrize(
    ("line", "value", "details"),
    [
        ("秘密★1年", "秘密★1年", {"level": "秘密", "period": "1年"}),
        ("机密★5年", "机密★5年", {"level": "机密", "period": "5年"}),
        ("绝密★长期", "绝密★长期", {"level": "绝密", "period": "长期"}),
        ("机密", "机密", {"level": "机密"}),
        ("密级：秘密★6个月", "秘密★6个月", {"level": "秘密", "period": "6个月"}),
        ("秘密 ★ 10年", "秘密★10年", {"level": "秘密", "period": "10年"}),
    ],
)
def test_secrecy_marking_forms(line, value, details):
    document = extract_bytes(
        f"000123\n{line}\n特急\n某某局文件\n某人发〔2021〕1号\n关于某事的通报\n".encode()
    )
    secrecy = document.element(ElementName.SECRECY)
    assert secrecy is not None
    assert secrecy.value == value
    assert dict(secrecy.details) == details
    assert document.element(ElementName.COPY_NUMBER).value == "000123"
    assert document.element(ElementName.URGENCY).value == "特急"


def test_copy_number_secrecy_and_urgency_on_one_line():
    document = extract_bytes(
        "000007　机密★5年　加急\n某某局文件\n某发〔2021〕1号\n关于某事的通知\n".encode()
    )
    assert document.element(ElementName.COPY_NUMBER).value == "000007"
    assert document.element(ElementName.SECRECY).value == "机密★5年"
    assert document.element(ElementName.URGENCY).value == "加急"


def test_the_word_secret_inside_a_sentence_is_not_a_marking():
    found = elements("关于加强保密工作的通知\n各单位：\n要严守秘密，不得泄露。\n")
    assert "secrecy" not in found


@pytest.mark.parametrize(
    ("note", "attribute"),
    [
        ("（此件公开发布）", "主动公开"),
        ("（此件主动公开）", "主动公开"),
        ("（此件依申请公开）", "依申请公开"),
        ("(此件不予公开)", "不予公开"),
        ("（此件不公开）", "不予公开"),
    ],
)
def test_disclosure_marking_in_the_note(note, attribute):
    text = f"关于某事的通知\n各单位：\n正文。\n某某局\n2021年5月6日\n{note}\n"
    found = elements(text)
    assert found["disclosure_marking"] == [attribute]
    assert found["note"] == [note[1:-1]]
    assert found["date"] == ["2021-05-06"]
    assert found["issuer_signature"] == ["某某局"]


def test_disclosure_marking_as_a_field():
    text = "公开方式：依申请公开\n关于某事的函\n某单位：\n正文。\n某某局\n2021年5月6日\n"
    assert elements(text)["disclosure_marking"] == ["依申请公开"]


def test_signer_attachments_imprint_and_chinese_date():
    text = (
        "某某市人民政府\n某政报〔2021〕8号　　签发人：王建国　李华\n关于申请资金的请示\n市人民政府：\n"
        "妥否，请批示。\n附件：1．资金测算表\n2．项目清单\n某某市人力资源和社会保障局\n二〇二一年四月十二日\n"
        "抄送：市财政局，市审计局。\n某某市人社局办公室　　2021年4月13日印发\n"
    )
    found = elements(text)
    assert found["signer"] == ["王建国、李华"]
    assert found["attachments"] == ["1．资金测算表；2．项目清单"]
    assert found["date"] == ["2021-04-12"]
    assert found["issuer_signature"] == ["某某市人力资源和社会保障局"]
    assert found["cc"] == ["市财政局，市审计局"]
    assert found["printed_by"] == ["某某市人社局办公室"]
    assert found["printed_date"] == ["2021-04-13"]


def test_element_spans_cover_the_written_text():
    text = "某某局文件\n某人社发〔2022〕3号\n关于2021年度局机关干部考核结果的通报\n"
    document = extract_bytes(text.encode())
    number = document.element(ElementName.DOC_NUMBER)
    assert document.text[number.start : number.end] == "某人社发〔2022〕3号"
    assert number.details["year"] == "2022"
    assert number.details["sequence"] == "3"


def test_letter_style_issuer_above_a_title():
    text = "贺州市人力资源和社会保障局\n关于2023年度技能大师工作室拟认定名单的公示\n根据有关规定，现予以公示。\n"
    found = elements(text)
    assert found["issuer_mark"] == ["贺州市人力资源和社会保障局"]
    assert found["title"] == ["关于2023年度技能大师工作室拟认定名单的公示"]


def test_a_first_sentence_is_not_an_issuer_mark():
    found = elements("各单位要加强领导\n关于某事的通知\n")
    assert "issuer_mark" not in found
