"""The detection pass on real published documents (``tests/data/real``), with the
shipped NER: each failure class of issue 13 on the text where it was seen, and the
figures over the hand-labelled dev and holdout sets kept from falling back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.real_devset import load_devset, report, run_document
from core.datamodel import Action, Category
from ingest import extract_bytes
from redact import build_detector
from redact.names import squeeze

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
_PINYIN = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@pytest.fixture(scope="module")
def detector():
    return build_detector()


def findings_of(detector, name: str):
    document = extract_bytes((REAL / f"{name}.txt").read_bytes(), filename=f"{name}.txt")
    return document.text, detector.detect(document)


def decided(findings, text: str) -> set[Action]:
    """The actions of the findings over every mention of ``text`` (padding ignored)."""
    return {f.action for f in findings if squeeze(f.text) == squeeze(text)}


def test_a_private_party_is_redacted_in_every_mention(detector):
    """张爽 (a minor) is named 18 times; a role word stands before the name twice."""
    text, findings = findings_of(detector, "h2_judgment_civil_tongren_2018")
    mentions = [i for i in range(len(text)) if text.startswith("张爽", i)]
    covered = [
        i for i in mentions if any(f.start <= i and i + 2 <= f.end and f.action == Action.REDACT
                                   for f in findings)
    ]  # fmt: skip
    assert len(mentions) == 18 and covered == mentions


def test_court_roles_and_agents_in_real_layouts(detector):
    _, findings = findings_of(detector, "h2_judgment_civil_tongren_2018")
    for judge in ("吴 晓 慧", "张 红 芳", "张 金 勇", "郑 文"):  # 审 判 长 吴 晓 慧 …
        assert decided(findings, judge) == {Action.KEEP}, judge
    assert decided(findings, "张加顺") == {Action.KEEP}  # …律师事务所律师
    assert decided(findings, "赵朝忠") == {Action.KEEP}  # the insurer's employee
    assert decided(findings, "田春娥") == {Action.REDACT}


def test_village_addresses_run_to_their_group(detector):
    _, findings = findings_of(detector, "h2_judgment_civil_tongren_2018")
    addresses = {f.text for f in findings if f.category == Category.ADDRESS}
    assert "贵州省沿河土家族自治县中界乡龙兴村下寨组" in addresses
    assert "贵州省沿河土家族自治县和平镇团结街道文化路86号" in addresses
    # The insurer's registered seat (住所地) is an organisation's: not redacted.
    assert not any("南大街" in f.text and f.action == Action.REDACT for f in findings)


def test_appointment_wording_keeps_officials(detector):
    """任命陈建平为…, 接受龚举海同志辞去…职务, 免去周玲同志的…职务."""
    _, findings = findings_of(detector, "appointment_zhushan_2016_renda")
    for official in ("陈建平", "龚举海", "周玲", "方孝春"):
        assert Action.REDACT not in decided(findings, official), official


def test_a_gongshi_publishes_its_names(detector):
    _, findings = findings_of(detector, "gongshi_jingmen_laomo_2015")
    names = [f for f in findings if f.category == Category.PERSON_NAME]
    assert names and all(f.action == Action.KEEP for f in names)


def test_bylines_are_kept(detector):
    _, findings = findings_of(detector, "news_tongshan_anquan")
    assert decided(findings, "孟军") <= {Action.KEEP}


def test_already_masked_strings_are_kept_unless_too_much_shows(detector):
    _, findings = findings_of(detector, "penalty_transport_youxian_2025_092")
    by_text = {f.text: f for f in findings}
    assert by_text["43022319870929****"].action == Action.REVIEW  # the whole birth date
    assert "出生日期" in by_text["43022319870929****"].action_reason
    assert by_text["1532559****"].action == Action.REVIEW
    assert by_text["肖江仔"].action == Action.REDACT
    _, findings = findings_of(detector, "h2_judgment_criminal_taixing_2017")
    masked = [f for f in findings if f.text in ("王某", "张某", "范某", "何某")]
    assert masked and all(
        f.action == Action.KEEP and f.action_reason == "已去标识化" for f in masked
    )


def test_words_and_companies_are_not_names(detector):
    _, findings = findings_of(detector, "h2_judgment_criminal_longhua_2019")
    assert "陈述" not in {f.text for f in findings}  # 被害人陈述：
    _, findings = findings_of(detector, "ruling_sz_futian_2016_23278")
    assert not [f for f in findings if f.text.startswith("乐腾达")]  # 原告乐腾达（深圳）…公司


def test_no_organisation_or_place_is_a_decision(detector):
    for name in ("h2_judgment_civil_tongren_2018", "gongshi_jingmen_laomo_2015"):
        _, findings = findings_of(detector, name)
        assert all(f.category.personal for f in findings)


def covered(findings, text: str, at: int, action=Action.REDACT) -> bool:
    """Some ``action`` finding covers the occurrence of ``text`` that starts at ``at``."""
    return any(f.start <= at and at + len(text) <= f.end and f.action == action for f in findings)


def test_a_natural_persons_domicile_in_a_padded_form_is_his_home(detector):
    """住 所: after 当事人:赵** 身份证号码:… is a person's home, not a company's seat."""
    text, findings = findings_of(detector, "h3_penalty_fishery_nanxian_2024_108")
    assert covered(findings, "岳阳市华容县注西村一队", text.index("岳阳市华容县注西村一队"))


def test_a_decision_in_traditional_characters_is_read_in_simplified(detector):
    text, findings = findings_of(detector, "h3_penalty_land_hengnan_2026_1")
    for name in ("段宜勇", "蔣平娥"):  # 行政處罰決定書: a penalty decision's parties
        at = [i for i in range(len(text)) if text.startswith(name, i)]
        assert at and all(covered(findings, name, i) for i in at), name
    assert all(f.text == text[f.start : f.end] for f in findings)  # as the document writes it


def test_the_victims_of_a_theft_and_the_homes_they_were_robbed_in(detector):
    text, findings = findings_of(detector, "h3_judgment_criminal_deqing_2018_267")
    assert covered(findings, "张敏", text.index("失主张敏") + 2)
    # The NER starts the address at the village; its town and village before it go too.
    assert covered(findings, "雷甸镇新利村三家村5-16号", text.index("雷甸镇新利村三家村"))


def test_a_home_repeated_in_the_facts_and_a_birth_date_typed_with_yue(detector):
    text, findings = findings_of(detector, "h3_judgment_qiyijian_dalian_gaoxin_2016")
    assert covered(findings, "1979年5月5曰", text.index("1979年5月5曰"))
    again = text.index("市沙河口区数码路75号2-1-1夏乐燕家中")  # …我局在大连 市沙河口区…
    assert covered(findings, "市沙河口区数码路75号2-1-1", again)


def test_an_organisation_the_ner_reads_across_a_name_does_not_hide_it(detector):
    text, findings = findings_of(detector, "judgment_lecard_m1071_embezzlement")
    at = text.index("，焦守江向董国华") + 1  # the NER reads 江向 as an organisation
    assert covered(findings, "焦守江", at)


def test_village_homes_open_with_their_town_and_a_party_masked_by_the_agency(detector):
    text, findings = findings_of(detector, "h4_penalty_env_chengdexian_2021_001")
    assert covered(findings, "头沟镇北沟门村五组", text.index("头沟镇北沟门村五组村民"))
    text, findings = findings_of(detector, "h4_penalty_forest_anhua_2024_00001")
    assert covered(findings, "安化县东坪镇坪溪村", text.index("安化县东坪镇坪溪村村民"))
    # 当 事 人:苏*忠 / 地 址:… — the agency masked the name, not the home.
    text, findings = findings_of(detector, "h4_penalty_land_jining_2015_21")
    assert covered(findings, "任城区南张街道八里屯村", text.index("任城区南张街道八里屯村"))


def test_a_form_with_a_compact_birth_date_and_an_id_masked_with_x(detector):
    text, findings = findings_of(detector, "h4_penalty_forest_taojiang_majitang_2023_015")
    assert covered(findings, "197105", text.index("出生日期 197105") + 5)
    # Region and birth month still show: not a finished mask, so the reviewer decides.
    assert covered(findings, "432325197105XXXXXX", text.index("432325197105XXXXXX"), Action.REVIEW)


def test_a_residence_written_to_the_county_only_is_asked_and_a_case_number_is_no_address(
    detector,
):
    text, findings = findings_of(detector, "h4_judgment_civil_dingnan_2018_1608")
    homes = [i for i in range(len(text)) if text.startswith("住江西省定南县", i)]
    assert homes and all(covered(findings, "江西省定南县", i + 1, Action.REVIEW) for i in homes)
    assert not any("1608" in f.text for f in findings)  # （2018）赣0728民初1608号


def test_a_list_of_victims_ends_at_its_verb(detector):
    text, findings = findings_of(detector, "judgment_lecard_2198_obstruction")
    at = [i for i in range(len(text)) if text.startswith("全海平", i)]  # 致戴敏欢、全海平受伤
    assert at and all(covered(findings, "全海平", i) for i in at)


def test_a_name_that_runs_to_the_end_of_its_line_is_whole(detector):
    """姓名:梁金帶⏎ — the NER read 梁金|带; the line's end says where the name ends."""
    text, findings = findings_of(detector, "h4_penalty_planning_zhongshan_shaxi_2024_1_004")
    assert covered(findings, "梁金帶", text.index("姓名:梁金帶") + 3)


def test_a_partys_former_wife_is_private(detector):
    text, findings = findings_of(detector, "deidentified_lecard_4738_slip")
    assert covered(findings, "程玮", text.index("其前妻程玮") + 3)  # 徐某和其前妻程玮是什么关系


def test_the_short_name_a_judgment_gives_a_home_goes_too_and_a_hotel_room_is_asked(detector):
    text, findings = findings_of(detector, "judgment_lecard_3765_drugs")
    alias = "好莱坞商业广场62号房"  # …6楼62号房（以下简称“好莱坞商业广场62号房”）
    at = [i for i in range(len(text)) if text.startswith(alias, i)]
    assert at and all(covered(findings, alias, i) for i in at)
    room = "雅安市“梦温泉大酒店”1216号房间"  # where a defendant checked in: nobody's home
    assert decided(findings, room) == {Action.REVIEW}


def test_a_name_under_its_label_on_the_next_line_and_officers_with_their_numbers(detector):
    """法定代表人⏎刘利荣 (a form's cells); 执法人员胡旺杰(湘09001700106)、杨飞虎(…) and
    温习锋03000121012张玲03000121002: the list goes on past each certificate number."""
    _, findings = findings_of(detector, "h6_penalty_culture_sanhe_leke_2019_007")
    assert decided(findings, "刘利荣") == {Action.KEEP}
    _, findings = findings_of(detector, "h6_penalty_culture_changde_2020_f000069")
    assert decided(findings, "杨飞虎") == {Action.KEEP}
    _, findings = findings_of(detector, "h6_penalty_culture_dingzhou_2024_8")
    assert decided(findings, "张玲") == {Action.KEEP}


def test_a_party_named_after_the_bracket_of_his_roles_and_a_name_cut_short(detector):
    """(附带民事诉讼原告人,二审上诉人)赖杏兰 — 赖, a common surname, was not known; and
    原审被告人蔡西就犯…, where the NER read 蔡西|就犯."""
    text, findings = findings_of(detector, "h6_judgment_criminal_guangdong_gaoyuan_2017_zaishen2")
    for name in ("赖杏兰", "蔡西就"):
        at = [i for i in range(len(text)) if text.startswith(name, i)]
        assert at and all(covered(findings, name, i) for i in at), name


def test_an_agent_for_a_public_body_stays_though_the_next_party_is_private(detector):
    """委托代理人申键,系务川自治县司法局…; later 镇人民政府的委托代理申键,第三人越新石业: the
    第三人 after the comma is the next party's, and the judgment's own default that its
    names are parties does not outweigh what his role says."""
    text, findings = findings_of(detector, "h6_judgment_admin_zhengan_2016_55")
    assert decided(findings, "申键") == {Action.KEEP}
    at = [i for i in range(len(text)) if text.startswith("文玉伦", i)]  # 原告文玉伦诉被告…
    assert at and all(covered(findings, "文玉伦", i) for i in at)
    home = text.index("住务川仡佬族苗族自治县") + 1  # a county only, written long: asked
    assert covered(findings, "务川仡佬族苗族自治县", home, Action.REVIEW)


def test_a_defendants_former_name_goes_with_his_name(detector):
    """被告人任新生，曾用名任广敏: the name he used before is his too."""
    text, findings = findings_of(detector, "h7_judgment_criminal_wenxi_2016_26")
    assert covered(findings, "任广敏", text.index("任广敏"))
    assert covered(findings, "任新生", text.index("任新生"))


def test_a_home_in_an_offices_compound_after_its_label(detector):
    """被告人姚胜军 … 现住天峨县政府大院: a defendant's home, though it names the county's
    offices (staff housing), is an address to remove."""
    text, findings = findings_of(detector, "h7_judgment_criminal_tiane_tanwu_2013")
    assert covered(findings, "天峨县政府大院", text.index("天峨县政府大院"))


def test_a_candidate_for_an_honour_is_its_notices_subject(detector):
    """村民陳進梅被列入候選人 (traditional characters, as the copy stored them): the
    candidate of a 道德模范 selection, named in the list of candidates again, is what the
    notice publishes — 村民 only describes her; her village (no group, no number) is
    asked, not removed."""
    text, findings = findings_of(detector, "h7_gongshi_shangluo_daode_mofan_2011")
    assert decided(findings, "陳進梅") == {Action.KEEP}
    village = text.index("鎮安縣結子鄉典史村")
    assert covered(findings, "鎮安縣結子鄉典史村", village, Action.REVIEW)
    names = [f for f in findings if f.category == Category.PERSON_NAME]
    assert len(names) >= 9 and {f.action for f in names} == {Action.KEEP}


def test_an_address_the_ner_runs_across_half_width_commas_is_no_home(detector):
    """A news copy with half-width punctuation: 城南路街道,将刑事审判庭搬进白沙井社区,… is a
    sentence, not an address."""
    text, findings = findings_of(detector, "h7_news_changsha_tianxin_tingshen_2016")
    at = text.index("城南路街道,将")
    assert not any(
        f.start <= at < f.end and f.category == Category.ADDRESS and f.action == Action.REDACT
        for f in findings
    )


def test_a_defendant_whose_given_name_is_a_word_is_named_whole(detector):
    """被告人王鸿章、袁业余、付建: 袁业余 (业余 is a word), cut to 袁业 by the NER once and by
    a line break once, is the whole name in every other mention; the court's pseudonyms
    for its victims (路甲, 陈甲) are masks, not names."""
    text, findings = findings_of(detector, "h8_judgment_criminal_xinzheng_2015_193")
    at = [m.start() for m in re.finditer("袁业余", text)]
    assert len(at) >= 10 and all(covered(findings, "袁业余", i) for i in at)
    broken = text.index("袁业\n余")
    assert covered(findings, "袁业\n余", broken)
    assert decided(findings, "路甲") <= {Action.KEEP} and decided(findings, "陈甲") <= {Action.KEEP}
    assert not any(f.action == Action.REDACT and f.text in ("路甲", "陈甲") for f in findings)


def test_a_preposition_before_a_party_is_no_name(detector):
    """…向原告支付…: 向 is a surname, 向原告 no name."""
    _, findings = findings_of(detector, "h8_judgment_civil_yanjiang_2014_1359")
    assert not any(f.text == "向原告" for f in findings)


def test_an_appointment_that_names_a_headquarters_post_and_an_election(detector):
    """任命翟大伟同志为… and 陆文忠 … 援藏指挥部副总指挥; 严正全票当选为石碣镇人民政府镇长:
    appointments, whose officials' birth months the report publishes."""
    for name in (
        "h8_appointment_xiangshui_zhaidawei_2024",
        "h8_appointment_dongguan_shijie_zhenzhang_2024",
    ):
        _, findings = findings_of(detector, name)
        months = [f for f in findings if f.category == Category.BIRTH_DATE]
        assert months and {f.action for f in months} == {Action.KEEP}, name


def test_a_residence_given_as_a_three_character_city_and_an_agent_before_an_agency(detector):
    """住凤城市 (a county-level city) is asked like any county-only residence; the agent of
    a masked party (宋*波及其委托代理人孙志刚,被上诉人公安振安分局…) is no agency's staff
    because the next party is an agency."""
    text, findings = findings_of(detector, "h8_judgment_admin_dandong_2021_9")
    at = text.index("住凤城市") + 1
    assert covered(findings, "凤城市", at, Action.REVIEW)
    agent = next(f for f in findings if f.text == "孙志刚")
    assert agent.action != Action.KEEP


def test_a_plate_with_the_variant_of_its_province_character(detector):
    _, findings = findings_of(detector, "h8_penalty_transport_ewenke_2025_huoyun")
    assert any(f.category == Category.LICENSE_PLATE and f.text == "陜AN5766" for f in findings)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        # A penalty's number and its party, no 决定书 in the head: 西农(渔政)罚〔2025〕1号 当事人…
        ("h3_penalty_fishery_xixiang_2025_1", "penalty_decision"),
        ("h7_penalty_forestry_qingcheng_yuantan_2025", "penalty_decision"),  # 当事人: … 经调查
        ("h8_penalty_transport_ewenke_2025_huoyun", "penalty_decision"),  # 执法人员 … 当事人
        ("h7_judgment_admin_cangnan_2020_121", "judgment"),  # 行 政 判 决 书, padded
        ("h8_judgment_civil_anqing_duxiu_jiekuan", "judgment"),  # 原告：胡某某，男，…
        # 领导小组成员名单如下: a list of members is no 公示 (any 名单 once made it one).
        ("leading_group_dongguan_2003_gongwei", "leading_group"),
        ("h3_leading_group_hutang_gonglu_2008", "leading_group"),
    ],
)
def test_what_kind_of_document_a_real_text_is(name, kind):
    from redact.kinds import document_kind
    from redact.text import simplified

    document = extract_bytes((REAL / f"{name}.txt").read_bytes(), filename=f"{name}.txt")
    assert document_kind(simplified(document.text), document.elements).value == kind


def test_villagers_a_news_item_tells_of_are_private(detector):
    """村民王彦红 … 王彦红、赵详、杨才和曹金龙4人: men tried for killing a thief, in a news
    item — not the people a 公示 exists to name. The reporter (记者洪扬) stays."""
    text, findings = findings_of(detector, "h9_news_songming_datouxiaotou_2007")
    assert decided(findings, "王彦红") == {Action.REDACT}
    at = [m.start() for m in re.finditer("赵详", text)]
    assert at and all(covered(findings, "赵详", i, Action.REDACT) or covered(
        findings, "赵详", i, Action.REVIEW) for i in at)  # fmt: skip
    assert decided(findings, "洪扬") == {Action.KEEP}


def test_a_team_leader_is_no_official_and_a_prosecutor_sent_to_court_is(detector):
    """班组长姚雪莲 (a worker owed wages) is not a 组长 of a leading group; 检察院指派王春、
    曲全沛出庭 names prosecutors in office; 作者:张勇平 is a byline; 住华县 is asked."""
    _, findings = findings_of(detector, "h9_penalty_renshe_tekesi_2026_001")
    assert decided(findings, "姚雪莲") == {Action.REDACT}
    _, findings = findings_of(detector, "h9_judgment_criminal_qingdao_2019_zaishen1")
    assert decided(findings, "王春") == {Action.KEEP}
    text, findings = findings_of(detector, "h9_judgment_civil_huaxian_jietiao_bimoumou")
    assert decided(findings, "张勇平") == {Action.KEEP}
    assert covered(findings, "华县", text.index("住华县") + 1, Action.REVIEW)


def test_an_alias_without_a_surname_and_counties_the_table_lacks(detector):
    """被告人程某某（曾用名老东）: a nickname is his too, though it opens with no surname;
    户籍所在地为新疆维吾尔自治区图壁县 (a county python-stdnum's table lacks) and 住安徽省安庆市
    开发区 are residences to the county, asked; a tutor's 经营地址 in a flat (…8栋106号)
    beside her ID number may be her home, asked."""
    text, findings = findings_of(detector, "h8_judgment_criminal_xinzheng_2015_193")
    assert covered(findings, "老东", text.index("曾用名老东") + 3)
    text, findings = findings_of(detector, "h4_judgment_civil_hukou_2018_914")
    at = text.index("新疆维吾尔自治区图壁县")
    assert covered(findings, "新疆维吾尔自治区图壁县", at, Action.REVIEW)
    text, findings = findings_of(detector, "h8_judgment_civil_anqing_duxiu_jiekuan")
    assert covered(findings, "安徽省安庆市开发区", text.index("安徽省安庆市开发区"), Action.REVIEW)
    text, findings = findings_of(detector, "h8_penalty_edu_tianxin_2022_14")
    flat = "长沙市天心区新联路319号湘水熙园8栋106号"
    assert covered(findings, flat, text.index(flat), Action.REVIEW)


def test_the_classes_the_tenth_set_taught(detector):
    """住重庆市合川区委托代理人… (no stop before the next party) is a county-only residence;
    被告钟兴登记结婚 is 钟兴; 微信名“啊憋” is an account; officers whose certificate numbers
    a copy blanked (谢昌文(执法证号__-__1)) act in office; a 公示's 地址 beside its 邮政编码
    is the agency's."""
    text, findings = findings_of(detector, "h10_judgment_civil_hechuan_2014_07519_chesu")
    assert covered(findings, "重庆市合川区", text.index("住重庆市合川区") + 1, Action.REVIEW)
    text, findings = findings_of(detector, "h10_judgment_civil_yiyang_lihun_huangying")
    at = [m.start() for m in re.finditer("钟兴", text)]
    assert at and all(covered(findings, "钟兴", i) for i in at)
    _, findings = findings_of(detector, "h10_penalty_agri_hezhou_2022_1_tuzai")
    assert any(f.category == Category.WECHAT and f.text == "啊憋" for f in findings)
    _, findings = findings_of(detector, "h10_penalty_market_jianshi_chenweizhu_juanyan")
    assert decided(findings, "谢昌文") == {Action.KEEP}
    _, findings = findings_of(detector, "h10_gongshi_zhongshan_shuxiang_2020")
    assert decided(findings, "中山市东区松苑路1号市委大楼515室") <= {Action.KEEP}
    # 辅警谭龙和李秀峰见状,奋起追赶: auxiliary police acting in office; (杨政勇) closing a
    # decision is its author's credit.
    _, findings = findings_of(detector, "h10_news_loudi_jiaojing_zhuazei_2019")
    assert decided(findings, "谭龙") == {Action.KEEP}
    _, findings = findings_of(detector, "h9_penalty_yingji_congjiang_tingdong_2024")
    assert decided(findings, "杨政勇") == {Action.KEEP}


def test_leaders_mobiles_in_a_countys_published_list_are_asked(detector):
    _, findings = findings_of(detector, "h6_agency_notice_daxian_xinxi_shouji_2007")
    phones = [f for f in findings if f.category == Category.MOBILE_PHONE]
    assert len(phones) == 8 and {f.action for f in phones} == {Action.REVIEW}


# -- the figures ------------------------------------------------------------------------
#
# Measured on this machine with the shipped NER (docs/benchmarks.md): dev must-redact
# recall 94.3 % (redact) and 99.3 % (redact or review), identifier leaks 0, must-keep
# items redacted 1.5 %, precision of redact 96.1 % (207 documents, h10_ included). The bars below sit a little under
# them, so a change that makes detection worse on real documents fails here.


@pytest.fixture(scope="module")
def figures(detector):
    return {
        split: report([run_document(doc, detector) for doc in load_devset(split)])["overall"]
        for split in ("dev", "holdout")
    }


def test_dev_figures_hold(figures):
    dev = figures["dev"]
    assert dev["recall_redact"] >= 0.94
    assert dev["recall_redact_or_review"] >= 0.97
    assert dev["identifier_leaks"] == 0
    assert dev["over_redaction"] <= 0.03
    assert dev["precision_redact"] >= 0.95


def test_holdout_figures_hold(figures):
    """The holdout is never tuned on; this only keeps it from getting worse."""
    holdout = figures["holdout"]
    assert holdout["identifier_leaks"] == 0
    assert holdout["recall_redact_or_review"] >= 0.90
    assert holdout["over_redaction"] <= 0.05
    assert holdout["precision_redact"] >= 0.80


def test_a_reviewer_is_asked_little_beyond_the_personal_items(figures, detector):
    """Issue 13: a notice with six personal items asks ~10 decisions. On the real
    documents that are not judgments (notices, 公示, appointments, penalty decisions …),
    what the reviewer must decide stays within a few of what is personal in them."""
    for doc in load_devset("dev"):
        # Judgments name their parties dozens of times; copies where a site inserted
        # pinyin after characters (鎮(zhèn)) are no office's document.
        if doc.kind == "judgment" or _PINYIN.search(doc.text):
            continue
        if doc.name == "h6_agency_notice_daxian_xinxi_shouji_2007":
            continue  # eight leaders' published mobiles, each asked on purpose (above)
        score = run_document(doc, detector)
        assert score.decisions <= score.redact_total + 4, doc.name  # findings, mentions
        assert score.distinct_decisions <= max(score.redact_items, 1) + 3, doc.name
