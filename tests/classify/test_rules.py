"""The rule layer: the law's default, the scope and the grounds, each with its article
and the words it read; 密级 always wins; short texts read whole."""

from __future__ import annotations

import pytest

from classify import suggest
from classify.categories import load_categories
from classify.dataset import unmarked
from core.datamodel import Action as Act
from core.datamodel import Category, DisclosureAttribute, ElementName, Finding, Ground
from ingest import extract_bytes
from tests.docgen import NOTICE, REQUEST, SECRET, render_docx, render_pdf

A = DisclosureAttribute


def doc(text: str):
    return extract_bytes(text.encode("utf-8"))


def letter(title: str, addressee: str = "各县（区）人民政府，市直各单位", body: str = "正文。"):
    """A document in GB/T 9704 order: number, title, addressee, body, signature, date."""
    return doc(f"某政发〔2021〕3号\n{title}\n{addressee}：\n{body}\n某某市人民政府\n2021年5月6日\n")


@pytest.mark.parametrize("render", [render_docx, render_pdf], ids=["docx", "pdf"])
@pytest.mark.parametrize(
    ("spec", "attribute", "ground", "blocked"),
    [
        (NOTICE, A.PROACTIVE, None, False),
        (REQUEST, A.WITHHELD, Ground.PROCESS, False),
        (SECRET, A.WITHHELD, Ground.STATE_SECRET, True),
    ],
    ids=["notice", "request", "secret"],
)
def test_fixtures(spec, attribute, ground, blocked, render):
    suggestion = suggest(extract_bytes(render(spec)))
    assert suggestion.attribute == attribute
    assert suggestion.ground == ground
    assert suggestion.publication_blocked is blocked
    assert suggestion.source == "rules"
    assert all(e.article for e in suggestion.evidence)


SECRECY_FORMS = ["秘密★1年", "机密★5年", "绝密★长期", "机密", "密级：秘密★6个月", "秘密 ★ 10年"]


@pytest.mark.parametrize("marking", SECRECY_FORMS)
def test_a_secrecy_marking_is_never_suggested_for_publication(marking):
    # Even when the note says 此件公开发布 and the title is a 规范性文件: the marking wins.
    text = f"000123\n{marking}\n某某局文件\n某发〔2021〕1号\n关于印发某某管理办法的通知\n各单位：\n正文。\n某某局\n2021年5月6日\n（此件公开发布）\n"
    suggestion = suggest(doc(text))
    assert suggestion.attribute == A.WITHHELD
    assert suggestion.publication_blocked
    assert suggestion.ground == Ground.STATE_SECRET
    assert any("附注公开属性" in c for c in suggestion.conflicts)
    assert suggestion.probabilities[A.PROACTIVE] < 0.05
    assert suggestion.uncertainty < 0.1


def test_an_unclear_secrecy_marking_blocks_too():
    # Ingest reads a marking it cannot make out (密级：内部, a star and a period with no
    # level) as an unclear 密级 with its reason: it blocks as a clear one does.
    document = doc(
        "密级：内部\n关于印发某某管理办法的通知\n各单位：\n正文。\n某某局\n2021年5月6日\n"
    )
    assert document.element(ElementName.SECRECY).details["unclear"]
    suggestion = suggest(document)
    assert suggestion.attribute == A.WITHHELD and suggestion.publication_blocked
    assert "疑似密级标志" in suggestion.evidence[0].explanation
    assert "内部" in suggestion.evidence[0].explanation


@pytest.mark.parametrize(
    ("note", "attribute"),
    [
        ("（此件公开发布）", A.PROACTIVE),
        ("（此件主动公开）", A.PROACTIVE),
        ("（此件依申请公开）", A.ON_APPLICATION),
        ("（此件不予公开）", A.WITHHELD),
        ("（此件不公开）", A.WITHHELD),
    ],
)
def test_markings(note, attribute):
    suggestion = suggest(doc(f"关于某事的函\n某单位：\n正文。\n某某局\n2021年5月6日\n{note}\n"))
    assert suggestion.attribute == attribute
    assert suggestion.probabilities[attribute] >= 0.9
    assert suggestion.evidence[0].rule == "附注公开属性"


@pytest.mark.parametrize(
    ("title", "attribute", "ground", "category"),
    [
        ("关于申请专项资金的请示", A.WITHHELD, Ground.PROCESS, "业务信息"),
        ("2021年第三次局务会议纪要", A.WITHHELD, Ground.PROCESS, "政务动态"),
        ("贺州市就业补助资金管理办法（征求意见稿）", A.WITHHELD, Ground.PROCESS, "规范性文件"),
        ("关于张某某等同志任免职务的通知", A.WITHHELD, Ground.INTERNAL, "业务信息"),
        ("关于局机关2021年春节期间值班安排的通知", A.WITHHELD, Ground.INTERNAL, "业务信息"),
        ("关于印发贺州市就业补助资金管理办法的通知", A.PROACTIVE, None, "规范性文件"),
        ("《贺州市就业补助资金管理办法》政策解读", A.PROACTIVE, None, "政策解读"),
        ("关于2021年度城乡居民医疗保险缴费标准的公告", A.PROACTIVE, None, "公示公告"),
        (
            "关于公开征求《贺州市就业补助资金管理办法（征求意见稿）》意见的公告",
            A.PROACTIVE,
            None,
            "规范性文件",
        ),
        ("关于转发省人社厅关于调整最低工资标准的请示的通知", A.PROACTIVE, None, "业务信息"),
        ("关于对某某公司行政处罚决定书的送达", A.ON_APPLICATION, None, "业务信息"),
    ],
)
def test_what_the_title_says(title, attribute, ground, category):
    suggestion = suggest(letter(title))
    assert (suggestion.attribute, suggestion.ground, suggestion.category) == (
        attribute,
        ground,
        category,
    )


def test_every_piece_of_evidence_cites_its_article_and_the_words_it_read():
    document = letter("关于印发2021年城乡居民养老保险工作要点的通知")
    out = suggest(document).to_dict(document.text)
    spanned = [e for e in out["evidence"] if e["start"] is not None]
    assert {e["rule"] for e in spanned} >= {"民生保障", "主送机关"}
    for e in spanned:
        assert e["article"].startswith("第")
        assert e["text"] == document.text[e["start"] : e["end"]]
        assert e["text"] in e["explanation"]


def test_a_ground_outweighs_the_scope_and_the_other_side_is_shown():
    # 养老保险 is 第二十条 scope, 涉密 a 第十四条 ground: the exception prevails, and the
    # reviewer sees both.
    suggestion = suggest(letter("关于2021年养老保险基金涉密数据报送的通知"))
    assert suggestion.attribute == A.WITHHELD
    assert suggestion.ground == Ground.STATE_SECRET
    sides = {e.attribute for e in suggestion.evidence}
    assert {A.WITHHELD, A.PROACTIVE} <= sides
    assert not suggestion.publication_blocked  # a word in a title is not a 密级 marking


@pytest.mark.parametrize(
    "title",
    ["关于做好不涉密政务信息报送工作的通知", "关于非涉密信息系统建设的通知"],
)
def test_a_negated_ground_is_no_ground(title):
    suggestion = suggest(letter(title))
    assert suggestion.attribute == A.PROACTIVE
    assert all(e.attribute != A.WITHHELD for e in suggestion.evidence)


@pytest.mark.parametrize("text", ["本机关制发的各类文件，涉密的除外", "除涉密文件以外的本机关文件"])
def test_an_excepted_ground_is_no_ground(text):
    suggestion = suggest(text)
    assert suggestion.attribute == A.PROACTIVE
    assert all(e.attribute != A.WITHHELD for e in suggestion.evidence)


def test_the_same_words_without_the_exception_are_a_ground():
    assert suggest("本机关制发的涉密文件").attribute == A.WITHHELD


def test_a_reply_to_one_party_on_its_own_matter_is_on_application():
    suggestion = suggest(
        letter("关于某某物流有限公司道路运输经营许可证延续有关问题的复函", "某某物流有限公司")
    )
    assert suggestion.attribute == A.ON_APPLICATION
    rules = {e.rule for e in suggestion.evidence if e.attribute == A.ON_APPLICATION}
    assert rules == {"复函批复", "主送机关", "特定当事人"}


def test_without_evidence_the_law_s_default_says_so_and_is_unsure():
    suggestion = suggest(doc("各位同事：\n下周一开会。\n"))
    assert suggestion.attribute == A.PROACTIVE
    assert [e.rule for e in suggestion.evidence] == ["公开为常态"]
    assert suggestion.evidence[0].article == "第五条、第十三条"
    assert "第五条" in suggestion.note and "把握不大" in suggestion.note
    assert suggestion.uncertainty > 0.5
    assert abs(sum(suggestion.probabilities.values()) - 1) < 1e-9


def test_more_evidence_is_less_uncertain():
    bare = suggest(letter("关于做好有关工作的通知", "某某局"))
    scoped = suggest(letter("关于做好2021年就业补助资金预算编制工作的通知"))
    assert scoped.attribute == bare.attribute == A.PROACTIVE
    assert scoped.uncertainty < bare.uncertainty


def test_a_title_above_its_number_as_web_pages_print_it():
    # GB/T 9704 puts the 发文字号 above the title; a web copy puts it below.
    text = "某某市人民政府关于印发某某市城乡医疗救助办法的通知\n某政发〔2021〕5号\n各县、区人民政府，市各委、办、局：\n现将办法印发给你们。\n某某市人民政府\n2021年6月4日\n"
    document = doc(text)
    suggestion = suggest(document)
    out = suggestion.to_dict(document.text)
    assert suggestion.attribute == A.PROACTIVE
    assert {"规章和规范性文件", "民生保障", "主送机关"} <= {e["rule"] for e in out["evidence"]}
    assert next(e for e in out["evidence"] if e["rule"] == "民生保障")["text"] == "医疗"


@pytest.mark.parametrize(
    ("text", "attribute", "ground"),
    [
        ("政府信息公开指南：政府信息的获取方式和工作机构的办公地址、办公时间", A.PROACTIVE, None),
        ("部门预算：收支总体情况表，财政拨款收支情况表", A.PROACTIVE, None),
        ("行政许可事项的办事指南、办理流程和办理结果", A.PROACTIVE, None),
        ("依法确定为国家秘密的文件资料", A.WITHHELD, Ground.STATE_SECRET),
        ("涉及第三方商业秘密的企业经营数据", A.WITHHELD, Ground.TRADE_SECRET),
        ("干部任免考察材料及干部档案", A.WITHHELD, Ground.INTERNAL),
        ("行政决定作出前内部讨论形成的会议记录", A.WITHHELD, Ground.PROCESS),
        ("行政机关在案件调查中收集的证据材料和询问笔录", A.WITHHELD, Ground.ENFORCEMENT),
        ("某村民小组与镇政府所签订的土地承包合同", A.ON_APPLICATION, None),
        ("某某局对某公司作出的责令改正通知书", A.ON_APPLICATION, None),
        ("本单位内部的请示、专报、批复等文件", A.WITHHELD, Ground.PROCESS),
        ("某公司近三年的纳税金额和财务报表", A.WITHHELD, Ground.TRADE_SECRET),
        ("尚处于未决阶段的案件处理意见", A.WITHHELD, Ground.PROCESS),
    ],
)
def test_short_texts_are_read_whole(text, attribute, ground):
    suggestion = suggest(text)
    assert (suggestion.attribute, suggestion.ground) == (attribute, ground)
    assert "描述" in suggestion.evidence[0].explanation


@pytest.mark.parametrize(
    ("text", "attribute", "rule"),
    [
        # One plot's permit or one project's papers: an individual matter, not 第二十条.
        ("青云街棚户区改造项目的《建设用地规划许可证》", A.ON_APPLICATION, "特定项目或证照"),
        ("“五湖大道环境项目”建设用地报批的一书四方案", A.ON_APPLICATION, "特定项目或证照"),
        ("同意将该村综合楼用地对外出让的批准决定", A.ON_APPLICATION, "特定项目或证照"),
        # The service item, a plot's 公告, a project's 补偿方案 and a plan are published.
        ("建设工程规划许可证核发的办事指南", A.PROACTIVE, "许可和服务事项"),
        ("关于12号地块国有建设用地使用权出让的公告", A.PROACTIVE, "需要公众广泛知晓或参与"),
        ("中山路88号危房改造项目征收补偿方案", A.PROACTIVE, "市县重点公开"),
        ("某县城市总体规划（2021—2035年）", A.PROACTIVE, "规划"),
        ("决策前向社会公开的重大决策草案和决策依据", A.PROACTIVE, "公开为常态"),
        # 第十四条 as agencies cite it: 稳评, police operations, marked exam scripts.
        ("征收房屋前所作的社会稳定风险评估报告", A.WITHHELD, "危及三安全一稳定"),
        ("网上追逃措施的适用条件", A.WITHHELD, "危及三安全一稳定"),
        ("考生经过评阅的高考答卷", A.WITHHELD, "考试试卷"),
        ("征地批复所对应的勘测定界图", A.WITHHELD, "测绘成果"),
        ("基础测绘成果目录", A.PROACTIVE, "公开为常态"),
        # 第十五条: a product's test data; the rules about such data are published.
        ("批准农药登记所依据的毒理学试验报告", A.WITHHELD, "试验数据"),
        ("药物临床试验数据管理规范", A.PROACTIVE, "公开为常态"),
        # A permit's 审批结果 is the class 第二十条第（五）项 publishes; one named
        # certificate of one project is an individual matter.
        ("危险废物经营许可证：审批结果", A.PROACTIVE, "许可和服务事项"),
        ("某小区二期工程的《单位工程竣工验收证明书》", A.ON_APPLICATION, "特定项目或证照"),
        # Papers published after the exam, and the rules about exams, are not secret.
        ("2023年普通高考试题及参考答案", A.PROACTIVE, "公开为常态"),
        ("考试试卷保密管理办法", A.PROACTIVE, "规章和规范性文件"),
    ],
)
def test_a_class_of_information_or_one_instance_of_it(text, attribute, rule):
    suggestion = suggest(text)
    assert suggestion.attribute == attribute
    assert suggestion.evidence[0].rule == rule
    if suggestion.ground is not None:
        assert suggestion.ground.article in ("第十四条", "第十五条")


def test_a_short_text_s_spans_point_into_it():
    text = "  涉及个人隐私的信访材料  "
    document = doc(text)
    out = suggest(document).to_dict(document.text)
    privacy = next(e for e in out["evidence"] if e["rule"] == "个人隐私")
    assert privacy["text"] == "个人隐私"


def test_a_penalty_naming_a_private_party_cites_privacy():
    document = doc("行政处罚决定书\n当事人：陈建华。\n")
    start = document.text.index("陈建华")
    finding = Finding(
        start,
        start + 3,
        Category.PERSON_NAME,
        "陈建华",
        0.85,
        "NerRecognizer",
        "name",
        None,
        Act.REDACT,
    )
    suggestion = suggest(document, [finding])
    assert suggestion.attribute == A.ON_APPLICATION  # one case's decision
    assert any(e.rule == "个人信息" and "第三十七条" in e.article for e in suggestion.evidence)


def test_marking_words_are_cut_before_evaluating():
    document = doc("关于某事的通知\n各单位：\n正文。\n某某局\n2021年5月6日\n（此件公开发布）\n")
    plain = unmarked(document)
    assert "此件公开发布" not in plain.text and len(plain.text) == len(document.text)
    assert plain.element(ElementName.DISCLOSURE_MARKING) is None
    assert all(e.rule != "附注公开属性" for e in suggest(plain).evidence)


def test_every_text_a_reviewer_reads_is_chinese():
    for document in (doc("各位同事：\n下周一开会。\n"), letter("关于申请专项资金的请示")):
        suggestion = suggest(document)
        texts = [suggestion.note, *suggestion.conflicts]
        texts += [e.explanation for e in suggestion.evidence] + [
            e.rule for e in suggestion.evidence
        ]
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts if t)
        assert not any(ch.isascii() and ch.isalpha() for t in texts for ch in t)


def test_the_office_edits_its_categories(tmp_path):
    path = tmp_path / "categories.yaml"
    path.write_text(
        "default: 其他\ncategories:\n  - name: 人事信息\n    title: [任免]\n", encoding="utf-8"
    )
    categories = load_categories(path)
    assert categories.of("关于任免的通知") == "人事信息"
    assert categories.of("关于开会的通知") == "其他"
