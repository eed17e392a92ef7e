"""What 《政府信息公开条例》 says, as tables the rules read.

Each entry names the article it comes from and the words by which a title or a
description says that it falls under it. The words were written from the articles
themselves (第十四至十六条 list the grounds, 第十九、二十条 the scope of 主动公开) and
from the usual names of official documents, not fitted to any labelled set; the README
says how they were measured.

Three kinds of entry:

- ``SCOPE``: 第十九、二十条 (and 第二十一条 for 市、县 governments) — evidence for 主动公开;
- ``GROUNDS``: 第十四、十五、十六条 — evidence for 不予公开, each with its ground;
- ``INDIVIDUAL``: an individual matter (one party's own affairs, one case's papers) —
  evidence for 依申请公开: 第十三条 leaves it public, but nobody needs it published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.datamodel import DisclosureAttribute, Ground

A = DisclosureAttribute

#: How much a piece of evidence moves the scores (natural-log odds). A named ground
#: outweighs all scope and addressing together (at most 0.5 + 2.4 + 2.0 for 主动公开):
#: 第十三条 discloses everything *except* what 第十四至十六条 exempt, so an exemption,
#: once named, is the exception the law provides for. Only the document's own marking
#: (``MARKING_WEIGHT``) weighs more.
SCOPE_WEIGHT = 1.2
SCOPE_CAP = 2.4  # several scope items say no more than two do
GROUND_WEIGHTS = {"第十四条": 7.0, "第十五条": 6.5, "第十六条": 6.0}
INDIVIDUAL_WEIGHT = 2.0


@dataclass(frozen=True)
class Entry:
    name: str  # what the reviewer reads as the rule's name
    article: str
    attribute: DisclosureAttribute
    pattern: re.Pattern[str]
    explanation: str
    ground: Ground | None = None
    weight: float = SCOPE_WEIGHT
    #: Words that, matched in the same text, mean the entry does not apply (e.g. a
    #: 征求意见稿 published for consultation is not a withheld draft).
    unless: re.Pattern[str] | None = None
    #: Only at the end of a document's title, where GB/T 9704 puts the 文种 (转发…请示的
    #: 通知 is a 通知); anywhere in a short text.
    doc_type: bool = False


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _scope(item: str, name: str, words: str, explanation: str) -> Entry:
    return Entry(name, item, A.PROACTIVE, _re(words), explanation)


#: 第十九条, 第二十条 (一)–(十五), 第二十一条.
SCOPE: tuple[Entry, ...] = (
    _scope(
        "第二十条第（一）项",
        "规章和规范性文件",
        r"行政法规|规章|规范性文件|(?<!征求意见)(?:管理)?(?:办法|规定|细则|规则|条例|实施意见|指导意见|若干意见)",
        "行政法规、规章和规范性文件应当主动公开",
    ),
    _scope(
        "第二十条第（二）项",
        "机构职能",
        r"机关职能|职能职责|主要职责|机构设置|内设机构|直属单位|办公地址|办公时间|联系方式|"
        r"领导分工|领导信息|负责人(?:信息|姓名)?|机关简介|机构概况|简介|概况",
        "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名应当主动公开",
    ),
    _scope(
        "第二十条第（三）项",
        "规划",
        # A 规划许可证, 规划条件 or 规划局 is one plot's permit or an agency, not a plan.
        r"规划(?!许可|条件|核实|验收|选址|局|部门|委员会|院|和自然|与自然|审批)|纲要",
        "国民经济和社会发展规划、专项规划、区域规划及相关政策应当主动公开",
    ),
    _scope(
        "第二十条第（四）项",
        "统计信息",
        r"统计(?:信息|数据|公报|年鉴|分析|报表)?",
        "统计信息应当主动公开",
    ),
    _scope(
        "第二十条第（五）项",
        "许可和服务事项",
        r"行政许可|许可|审批|办事指南|服务指南|办事流程|办理流程|政务服务|服务事项|事项清单|"
        r"权责清单|权力清单|登记|办理结果",
        "行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果应当主动公开",
    ),
    _scope(
        "第二十条第（六）项",
        "处罚和强制的依据",
        r"(?:处罚|强制)[^，。；：]{0,8}(?:依据|条件|程序|标准|裁量)|"
        r"(?:依据|条件|程序|标准|裁量)[^，。；：]{0,8}(?:处罚|强制)|裁量基准",
        "行政处罚、行政强制的依据、条件、程序应当主动公开",
    ),
    _scope(
        "第二十条第（七）项",
        "预算决算",
        r"预算|决算|三公经费",
        "财政预算、决算信息应当主动公开",
    ),
    _scope(
        "第二十条第（八）项",
        "收费",
        r"收费",
        "行政事业性收费项目及其依据、标准应当主动公开",
    ),
    _scope(
        "第二十条第（九）项",
        "政府采购",
        r"采购|招标|招投标|中标",
        "政府集中采购项目的目录、标准、实施情况应当主动公开",
    ),
    _scope(
        "第二十条第（十）项",
        "重大建设项目",
        r"建设项目|重点项目|重大项目|工程项目",
        "重大建设项目的批准和实施情况应当主动公开",
    ),
    _scope(
        "第二十条第（十一）项",
        "民生保障",
        r"扶贫|脱贫|教育|医疗|医保|社会保障|社会保险|社保|养老|就业|创业|救助|低保|特困|"
        r"残疾人|保障性住房|住房保障",
        "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况应当主动公开",
    ),
    _scope(
        "第二十条第（十二）项",
        "突发事件应对",
        r"应急预案|应急|预警|突发(?:公共)?事件",
        "突发公共事件的应急预案、预警信息及应对情况应当主动公开",
    ),
    _scope(
        "第二十条第（十三）项",
        "监督检查",
        r"环境保护|生态环境|环保|公共卫生|安全生产|食品|药品|产品质量|双随机|"
        r"(?:监督|抽查|检查)(?:情况|结果)",
        "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况应当主动公开",
    ),
    _scope(
        "第二十条第（十四）项",
        "招考录用",
        r"招考|招录|考试录用|录用|招聘|遴选|选调",
        "公务员招考的职位、名额、报考条件等事项以及录用结果应当主动公开",
    ),
    _scope(
        "第二十条第（十五）项",
        "依规定应主动公开",
        r"政府信息公开|政务公开|信息公开|政府工作报告|政策解读|解读|问答|新闻发布|公报|政府文件|政策文件",
        "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
    ),
    _scope(
        "第十九条",
        "需要公众广泛知晓或参与",
        r"公告|通告|公示|公开征求|征求[^，。；]{0,20}意见的(?:公告|通知)|意见征集|征集意见|听证|"
        r"社会公众|社会各界|广大群众|人民群众|市民",
        "涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息应当主动公开",
    ),
    _scope(
        "第二十一条",
        "市县重点公开",
        r"市政建设|公共服务|土地征收|房屋征收|征收补偿|社会救助|农村土地|宅基地",
        "设区的市级、县级人民政府及其部门应当重点公开市政建设、公共服务、征收补偿、社会救助等信息",
    ),
)

#: The negations that keep a ground word from being a ground: 不涉密, 非涉密, 除涉密…外,
#: 涉密的除外.
NEGATED = re.compile(r"(?:不|非|无|未|除)[^，。；]{0,2}$")
EXCEPTED = re.compile(r"[^，。；]{0,6}?(?:除外|以外|之外)")  # used with .match(text, end)

_CONSULTATION = _re(
    r"公开征求|征求[^，。；]{0,30}意见的(?:公告|通知)|意见征集|征集意见|向社会(?:公开|公布)"
)


def _ground(
    ground: Ground,
    name: str,
    article: str,
    words: str,
    explanation: str,
    *,
    doc_type: bool = False,
    unless: re.Pattern[str] | None = None,
) -> Entry:
    weight = GROUND_WEIGHTS[article[:4]]  # 第十四条, 第十五条 or 第十六条
    return Entry(
        name,
        article,
        A.WITHHELD,
        _re(words),
        explanation,
        ground,
        weight,
        unless,
        doc_type,
    )


#: 第十四条, 第十五条, 第十六条.
GROUNDS: tuple[Entry, ...] = (
    _ground(
        Ground.STATE_SECRET,
        "国家秘密",
        "第十四条",
        r"国家秘密|涉密|涉及秘密|秘密级|机密级|绝密级|保密事项|定密",
        "依法确定为国家秘密的政府信息，不予公开",
    ),
    _ground(
        Ground.STATE_SECRET,
        "测绘成果",
        "第十四条",
        # 《测绘地理信息管理工作国家秘密范围的规定》: large-scale maps and survey results.
        r"勘测定界图|地形图|测绘成果|(?:线路|管线|管网)[^，。；]{0,6}(?:附图|走向图|分布图)",
        "勘测定界图、大比例尺地形图等测绘成果可能属于国家秘密，不予公开（须经保密审查确认）",
        unless=_re(r"目录|办法|规定|管理|汇交|公告|公示"),
    ),
    _ground(
        Ground.STATE_SECRET,
        "考试试卷",
        "第十四条",
        # 《教育工作中国家秘密及其密级具体范围的规定》: 国家教育考试的试题、参考答案和
        # 评分标准 before use, and the marked scripts, are secret; the rules about them and
        # the papers published after the exam are not.
        r"(?:评阅|阅卷|评卷)[^，。；]{0,6}(?:试卷|答卷)|(?:试卷|答卷)[^，。；]{0,4}(?:评阅|阅卷|评卷)|"
        r"考生(?:的)?(?:答卷|试卷|答题卡)|启用前[^，。；]{0,8}(?:试题|试卷|答案|评分标准)",
        "启用前的国家教育考试试题、答案和评分标准，以及考生答卷，属于国家秘密，不予公开",
        unless=_re(r"办法|规定|制度|细则|规则|通知|安排|须知|管理"),
    ),
    _ground(
        Ground.LAW_FORBIDS,
        "法律法规禁止公开",
        "第十四条",
        r"法律、?(?:行政)?法规禁止公开|禁止公开|不得公开",
        "法律、行政法规禁止公开的政府信息，不予公开",
    ),
    _ground(
        Ground.SECURITY,
        "危及三安全一稳定",
        "第十四条",
        r"(?:危及|危害|威胁)[^，。；]{0,12}(?:国家安全|公共安全|经济安全|社会稳定)|三安全一稳定|维稳|"
        # 社会稳定风险评估 (稳评) and police operations are what the clause is cited for.
        r"稳定风险评估|稳评|侦查(?:措施|手段|方案|工作)|追逃|布控|警力部署",
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开",
    ),
    _ground(
        Ground.TRADE_SECRET,
        "商业秘密",
        "第十五条",
        r"商业秘密|技术秘密|经营秘密|"
        # 经营信息 of one enterprise: what it pays, earns and charges (反不正当竞争法第九条).
        r"纳税(?:金额|数额|额|明细|申报表)|财务(?:报表|数据|状况)|经营(?:数据|状况|成本)|"
        r"成本(?:数据|构成)|投标报价|报价(?:单|明细)",
        "涉及商业秘密，公开会对第三方合法权益造成损害的，不得公开（第三方同意或涉及重大公共利益的除外）",
    ),
    _ground(
        Ground.TRADE_SECRET,
        "试验数据",
        "第十五条",
        # A product's undisclosed test data, which the law protects (农药管理条例第三十四条,
        # 药品管理法实施条例第三十四条); the rules about such data are published.
        r"试验(?:报告|数据)",
        "企业为取得许可提交的未披露试验数据属于商业秘密，不得公开（第三方同意或涉及重大公共利益的除外）",
        unless=_re(r"规范|办法|规定|指南|标准|管理"),
    ),
    _ground(
        Ground.PRIVACY,
        "个人隐私",
        "第十五条",
        r"个人隐私|隐私|身份证号|健康状况|婚姻状况|财产状况|家庭住址|家庭成员|病历|病史",
        "涉及个人隐私，公开会对第三方合法权益造成损害的，不得公开（第三方同意或涉及重大公共利益的除外）",
    ),
    _ground(
        Ground.INTERNAL,
        "内部事务信息",
        "第十六条第一款",
        r"人事管理|人事(?:工作|档案|任免|信息|调整)|干部(?:任免|考察|考核|档案|管理|名册)|任免|"
        r"考察材料|(?:年度|公务员|干部|工作人员)考核|公务员(?:奖惩|管理|档案)|"
        r"工作人员(?:奖惩|档案|名单|信息)|执法人员[^，。；]{0,6}(?:名单|信息|执法证)|"
        r"(?<!最低)工资(?!标准|指导线)|后勤|机关事务|机关(?:内部)?管理|内部(?:管理|事务|工作流程|流程|"
        r"规定|制度|审批|资料|统计|文件|数据|合同|协议)|值班|请假|休假|办公用房|公务用车",
        "人事管理、后勤管理、内部工作流程等内部事务信息，可以不予公开",
    ),
    _ground(
        Ground.PROCESS,
        "请示报告",
        "第十六条第二款",
        r"请示|专报|汇报|批示",
        "请示报告属于过程性信息，可以不予公开",
        doc_type=True,
    ),
    _ground(
        Ground.PROCESS,
        "讨论记录",
        "第十六条第二款",
        r"会议纪要|纪要|讨论记录|会议记录|会议(?:全部)?(?:内容|材料)|内部讨论|研究意见|审议意见|"
        r"正在(?:调查|讨论|处理|研究)|尚未(?:公布|决定|确定|完成|作出)|决定作出前|未决",
        "讨论记录等在履行行政管理职能过程中形成的过程性信息，可以不予公开",
    ),
    _ground(
        Ground.PROCESS,
        "过程稿",
        "第十六条第二款",
        r"征求意见稿|讨论稿|送审稿|修改稿|初稿|草稿|过程稿|草案|拟制中|磋商",
        "过程稿、磋商信函属于过程性信息，可以不予公开",
        unless=_CONSULTATION,
    ),
    _ground(
        Ground.ENFORCEMENT,
        "行政执法案卷",
        "第十六条第二款",
        r"执法案卷|案卷|卷宗|调查(?:材料|报告|笔录|记录)|询问笔录|讯问笔录|证据材料|举报(?:材料|信息|人|事项)|"
        r"投诉(?:材料|人)|申请(?:时)?提交的[^，。；]{0,6}材料|申请材料|申报材料|"
        r"(?:掌握|搜集|收集|调取)(?:及|和|、)?(?:搜集|收集|调取)?到?的[^，。；]{0,8}材料",
        "行政执法案卷信息，可以不予公开（法律、法规、规章规定应当公开的除外）",
    ),
)

#: 依申请公开: an individual matter — one party's papers in its own case, an agreement
#: with one party, a reply to one party. Public on request (第十三条), but not of the
#: kind 第十九、二十条 publish.
INDIVIDUAL: tuple[Entry, ...] = (
    Entry(
        "个案文书",
        "第十三条、第二十七条",
        A.ON_APPLICATION,
        _re(
            r"(?:决定书|告知书|通知书|催告书|答复书|意见书|裁决书|申请书|协议书?|合同书?)|"
            r"(?:查封|扣押|没收)[^，。；]{0,4}清单|[决罚处]字\s*[〔（(\[［]\s*(?:19|20)\d{2}|所签订的|"
            r"签订的[^，。；]{0,12}(?:协议|合同)"
        ),
        "针对特定当事人的个案文书或协议，属于特定对象的个别事项，一般依申请公开",
        weight=INDIVIDUAL_WEIGHT,
    ),
    Entry(
        "特定当事人",
        "第十三条、第二十七条",
        A.ON_APPLICATION,
        _re(
            r"[\u4e00-\u9fff]{2,}(?:有限责任公司|股份有限公司|有限公司|公司|合作社|个体户)|"
            r"某某|某[\u4e00-\u9fff]{0,4}?(?:公司|企业|单位|村|组|户|人)|(?:XX|xx|××)[村组户]|申请人"
        ),
        "事项涉及特定的企业、个人或集体：是其自身的个别事项，而非普遍适用的政策",
        weight=1.0,
    ),
    Entry(
        "特定项目或证照",
        "第十三条、第二十七条",
        A.ON_APPLICATION,
        _re(
            r"\d+\s*号地块|[\u4e00-\u9fff]{1,8}(?:地块|宗地)|“[^”]{2,40}(?:项目|工程)”|"
            # One certificate named as a document (《建设用地规划许可证》), not the class of
            # permits whose 审批结果 第二十条第（五）项 publishes.
            r"[\u4e00-\u9fff]{2,}(?:路|街|大道|巷)\d+号|《[^》]{0,20}(?:许可证|证书|证明书)》|"
            r"批准(?:决定|文件)|抄告单|"
            r"一书四(?:方?案)|(?:用地)?报批(?:材料|资料)"
        ),
        "描述指向某一地块、项目或某一份许可证、批准文件：是特定对象的个别事项，而非公开范围所列的一类信息",
        weight=INDIVIDUAL_WEIGHT,
        # The service item (how a permit is applied for) is what 第二十条第（五）项 publishes,
        # and a 公告 or 公示 of one plot, or its 征收补偿方案, is published by law.
        unless=_re(
            r"核发|办理|办事指南|服务指南|申请条件|流程|程序|事项|公告|公示|通告|公布|补偿方案|征收决定"
        ),
    ),
    Entry(
        "复函批复",
        "第十三条、第二十七条",
        A.ON_APPLICATION,
        _re(r"(?:复函|批复|答复|函|回复)"),
        "复函、批复一般答复特定单位的个别事项：无公开范围所列内容时，依申请公开",
        weight=1.0,
        doc_type=True,
    ),
)

#: Offices' addressees that reach every subordinate body (各县（区）…, 各有关单位): a
#: matter meant to be widely known (第十九条).
BROAD_ADDRESSEE = re.compile(r"各|社会各界|全体|广大")
PUBLIC_ADDRESSEE = re.compile(r"社会各界|全体市民|广大市民|广大群众|社会公众")
ADDRESSEE_WEIGHT = 1.2
SINGLE_ADDRESSEE_WEIGHT = 0.4  # alone, less than the default: one addressee is a hint

#: The law's default (第五条 以公开为常态、不公开为例外; 第十三条): without evidence,
#: 主动公开 leads, 不予公开 needs a ground.
DEFAULT_SCORES = {A.PROACTIVE: 0.5, A.ON_APPLICATION: 0.0, A.WITHHELD: -1.0}
MARKING_WEIGHT = 8.0

#: Words in the text that state the answer: cut from what the model reads and from a
#: document before its suggestion is evaluated.
MARKING_WORDS = re.compile(
    r"[（(]?\s*此件(?:公开发布|主动公开|依申请公开|不予公开|不公开)\s*[）)]?|"
    r"(?:公开方式|公开属性|信息公开选项|信息公开属性|公开类型|公开形式)\s*[:：]\s*"
    r"(?:主动公开|依申请公开|不予公开|不公开|免予公开)"
)
