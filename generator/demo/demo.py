"""A realistic synthetic instance for demonstrations and benchmarks (``bulletin demo``).

:func:`plan` turns a few numbers and a seed into a bureau (units, people,
scoring rules), a set of Chinese submissions and solicitations, and the dated
events of their life: submitted by a liaison, reviewed through approval
commits (``Approve:``/``Stage:``) or a forge merge (``Approved-by:``),
adopted by outlets with evidence files, 批示 by leaders, edited after
approval (stale), left waiting (pending) or kept as drafts. :func:`write`
replays those events as real git history through one ``git fast-import``
stream, then checks the tree out. Same options and seed, same commits.

Everything is made from phrase banks in this file: no network, no model.
"""
from __future__ import annotations

import bisect
import datetime as dt
import random
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ..errors import BulletinError
from ..messages import msg

TZ = dt.timezone(dt.timedelta(hours=8))          # Asia/Shanghai, written as +0800
ORG_NAME = "江南市住房和城乡建设局"
ORG_SHORT = "江南住建局"
CITY = "江南市"
DOMAIN = "jn.example.gov.cn"
FORGE = ("江南住建代码托管平台", f"git@code.{DOMAIN}")
DEFAULT_END = dt.date(2026, 10, 31)
MAX_FILES_PER_APPROVAL = 10
SCRATCH_REF = "refs/heads/bulletin-demo-scratch"

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DemoOptions:
    units: int = 12
    people: int | None = None         # None: enough for the units (about 3 a unit)
    submissions: int = 600
    years: int = 1
    seed: int = 1
    end: dt.date = DEFAULT_END         # the last day of the history

    @property
    def start(self) -> dt.date:
        return dt.date(self.end.year - self.years + 1, 1, 1)


@dataclass(frozen=True)
class DemoResult:
    path: Path
    commits: int
    submissions: int
    solicitations: int
    evidence: int
    people: int
    units: int
    seconds: float


# =========================================================================== phrase banks

SURNAMES = [("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
            ("赵", "zhao"), ("黄", "huang"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"),
            ("胡", "hu"), ("朱", "zhu"), ("高", "gao"), ("林", "lin"), ("何", "he"), ("郭", "guo"),
            ("马", "ma"), ("罗", "luo"), ("梁", "liang"), ("宋", "song"), ("郑", "zheng"), ("谢", "xie"),
            ("韩", "han"), ("唐", "tang"), ("冯", "feng"), ("于", "yu"), ("董", "dong"), ("程", "cheng"),
            ("曹", "cao"), ("袁", "yuan"), ("邓", "deng"), ("沈", "shen"), ("彭", "peng"), ("苏", "su"),
            ("卢", "lu"), ("蒋", "jiang"), ("蔡", "cai"), ("丁", "ding"), ("魏", "wei"), ("薛", "xue"),
            ("叶", "ye"), ("潘", "pan"), ("杜", "du"), ("戴", "dai"), ("夏", "xia"), ("钟", "zhong"),
            ("汪", "wang"), ("田", "tian"), ("任", "ren"), ("姜", "jiang"), ("范", "fan"), ("方", "fang"),
            ("石", "shi"), ("姚", "yao"), ("谭", "tan"), ("邹", "zou"), ("金", "jin"), ("陆", "lu"),
            ("孔", "kong"), ("崔", "cui"), ("毛", "mao"), ("邱", "qiu"), ("秦", "qin"), ("顾", "gu"),
            ("侯", "hou"), ("邵", "shao"), ("孟", "meng"), ("钱", "qian"), ("汤", "tang"), ("尹", "yin"),
            ("贺", "he"), ("龚", "gong"), ("严", "yan"), ("华", "hua"), ("倪", "ni"), ("陶", "tao")]
GIVEN = [("建", "jian"), ("国", "guo"), ("华", "hua"), ("明", "ming"), ("伟", "wei"), ("芳", "fang"),
         ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"),
         ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"),
         ("超", "chao"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("文", "wen"), ("辉", "hui"),
         ("鹏", "peng"), ("玲", "ling"), ("婷", "ting"), ("宇", "yu"), ("浩", "hao"), ("凯", "kai"),
         ("晨", "chen"), ("欣", "xin"), ("雪", "xue"), ("琳", "lin"), ("倩", "qian"), ("帆", "fan"),
         ("佳", "jia"), ("悦", "yue"), ("晓", "xiao"), ("燕", "yan"), ("志", "zhi"), ("海", "hai"),
         ("波", "bo"), ("峰", "feng"), ("斌", "bin"), ("亮", "liang"), ("红", "hong"), ("梅", "mei"),
         ("新", "xin"), ("东", "dong"), ("春", "chun"), ("立", "li"), ("永", "yong"), ("卫", "wei"),
         ("俊", "jun"), ("颖", "ying"), ("慧", "hui"), ("博", "bo"), ("睿", "rui"), ("嘉", "jia")]

DISTRICTS = [("城东区", "chengdong"), ("城西区", "chengxi"), ("湖滨区", "hubin"), ("新港区", "xingang"),
             ("高新区", "gaoxin"), ("滨江区", "binjiang"), ("云溪县", "yunxi"), ("青山县", "qingshan"),
             ("白鹭县", "bailu"), ("临湖县", "linhu"), ("东阳市", "dongyang"), ("西塘镇", "xitang")]

# (id, name, type, topic group)
UNIT_BANK = [
    ("bgs", "办公室", "科室", "office"),
    ("jianguan", "建筑管理科", "科室", "building"),
    ("anjian", "建设工程质量安全监督站", "事业单位", "safety"),
    ("fdc", "房地产市场监管科", "科室", "estate"),
    ("chengjian", "城建科", "科室", "urban"),
    ("fangguan", "住房保障和房产管理中心", "下属单位", "housing"),
    ("zzrs", "组织人事科", "科室", "party"),
    ("cunzhen", "村镇建设科", "科室", "rural"),
    ("zhengshou", "房屋征收服务中心", "事业单位", "expropriation"),
    ("dangan", "城建档案馆", "事业单位", "archives"),
    ("wuye", "物业管理科", "科室", "property"),
    ("kcsj", "勘察设计科", "科室", "design"),
    ("fagui", "政策法规科", "科室", "law"),
    ("zhaobiao", "建设工程招标投标管理中心", "事业单位", "building"),
    ("jieneng", "建筑节能管理中心", "事业单位", "design"),
    ("yuanlin", "园林绿化管理处", "事业单位", "urban"),
    ("shenpi", "行政审批科", "科室", "law"),
    ("caiwu", "计划财务科", "科室", "office"),
    ("ranqi", "燃气管理处", "事业单位", "urban"),
    ("shizheng", "市政建设公司", "下属单位", "urban"),
]

# topic groups: (slug, topic phrase usable after 开展/推进, tags)
TOPICS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "office": [("info-training", "信息宣传业务培训", ("信息宣传", "业务培训")),
               ("gov-openness", "政务公开标准化建设", ("政务公开",)),
               ("supervision", "重点工作督查督办", ("督查督办",)),
               ("work-style", "机关作风建设专项行动", ("作风建设",)),
               ("hotline", "12345热线工单办理提质增效", ("12345热线", "为民服务"))],
    "building": [("wage-check", "农民工工资支付专项检查", ("农民工工资", "根治欠薪")),
                 ("realname", "建筑工人实名制管理", ("实名制", "农民工工资")),
                 ("market-order", "建筑市场秩序专项整治", ("建筑市场",)),
                 ("credit", "建筑企业信用评价", ("信用体系",)),
                 ("bidding", "招标投标领域突出问题专项治理", ("招标投标",)),
                 ("skills", "建筑产业工人技能提升培训", ("产业工人", "农民工"))],
    "safety": [("site-safety", "建筑施工安全生产大检查", ("安全生产",)),
               ("dust", "建筑工地扬尘治理", ("扬尘治理", "智慧工地")),
               ("crane", "起重机械专项检查", ("起重机械", "安全生产")),
               ("flood", "汛期在建工地安全巡查", ("防汛", "安全生产")),
               ("quality", "住宅工程质量常见问题专项治理", ("工程质量",)),
               ("smart-site", "智慧工地建设", ("智慧工地",))],
    "estate": [("presale", "商品房预售资金监管", ("预售资金", "房地产")),
               ("delivery", "新建商品房交付质量提升", ("交付质量",)),
               ("market", "房地产市场平稳健康发展", ("房地产市场",)),
               ("trade-in", "住房“以旧换新”", ("以旧换新", "住房消费")),
               ("agency", "房地产中介机构专项整治", ("房地产中介",))],
    "urban": [("renewal", "城市更新", ("城市更新",)),
              ("old-community", "老旧小区改造", ("老旧小区改造",)),
              ("gas", "城镇燃气安全专项整治", ("燃气安全",)),
              ("pipeline", "城市燃气管道老化更新改造", ("燃气管道",)),
              ("bridge", "城市桥梁安全体检", ("桥梁安全",)),
              ("green", "口袋公园建设", ("园林绿化", "口袋公园"))],
    "housing": [("rental", "保障性租赁住房筹集", ("保障性住房",)),
                ("public-rental", "公租房分配管理", ("公租房",)),
                ("elevator", "既有住宅加装电梯", ("加装电梯", "民生实事")),
                ("repair-fund", "住宅专项维修资金管理", ("维修资金",))],
    "party": [("party-day", "主题党日活动", ("党建", "主题党日")),
              ("integrity", "廉政教育月活动", ("廉政建设",)),
              ("study", "党纪学习教育", ("党纪学习教育",)),
              ("cadres", "年轻干部能力提升培训", ("干部培训",))],
    "rural": [("rural-housing", "农村危房改造", ("农房安全",)),
              ("rural-style", "农房风貌提升", ("农房建设", "乡村振兴")),
              ("villages", "传统村落保护利用", ("传统村落",)),
              ("sewage", "农村生活污水治理", ("乡村振兴",))],
    "expropriation": [("sunshine", "阳光征收", ("房屋征收",)),
                      ("resettlement", "安置房建设", ("安置房",)),
                      ("mediation", "征收矛盾纠纷调解", ("矛盾调解",))],
    "archives": [("digitization", "城建档案数字化", ("城建档案", "数字化")),
                 ("archive-query", "城建档案“掌上查”服务", ("城建档案",)),
                 ("archive-exhibit", "城建档案进校园", ("城建档案",))],
    "property": [("star-rating", "物业服务星级评定", ("物业管理",)),
                 ("committee", "物业管理委员会组建", ("物业管理", "基层治理")),
                 ("property-fee", "物业服务收费专项检查", ("物业管理",))],
    "design": [("green-building", "绿色建筑创建", ("绿色建筑",)),
               ("prefab", "装配式建筑推广", ("装配式建筑",)),
               ("drawing-review", "施工图数字化审查", ("施工图审查",)),
               ("energy", "既有建筑节能改造", ("建筑节能",))],
    "law": [("permit", "工程建设项目审批制度改革", ("审批改革", "营商环境")),
            ("enforcement", "住建领域行政执法规范化建设", ("行政执法",)),
            ("law-promotion", "“八五”普法宣传", ("普法",)),
            ("one-stop", "“一件事”集成服务", ("政务服务", "营商环境"))],
}

PARTY_THEMES = ["重温入党誓词", "践行初心使命", "党建引领促发展", "红色工地", "学思践悟", "先锋模范作用"]
RED_PLACES = ["新四军纪念馆", "革命烈士陵园", "红色教育基地", "廉政教育馆", "党史教育馆"]
OPINION_ISSUES = [("elevator-fault", "小区电梯频繁故障", ("housing", "property")),
                  ("delivery-quality", "新建小区交付质量", ("estate", "safety")),
                  ("property-fee", "物业服务收费不透明", ("property", "housing")),
                  ("night-noise", "工地夜间施工噪音扰民", ("safety", "building")),
                  ("late-delivery", "商品房延期交付", ("estate",)),
                  ("resettlement", "安置房建设进度", ("expropriation",)),
                  ("gas-pipe", "老旧小区燃气管道老化", ("urban",)),
                  ("road-dust", "道路施工扬尘", ("urban", "safety")),
                  ("wage-arrears", "农民工工资拖欠", ("building",)),
                  ("village-house", "农村自建房审批", ("rural", "law"))]
PLATFORMS = ["江南论坛", "12345政务服务便民热线", "微博", "本地生活公众号留言区", "人民网领导留言板"]

LEAD_VERBS = ["开展", "部署", "推进", "启动", "深化", "扎实推进", "全面开展", "持续推进"]
PURPOSES = ["进一步压实各方主体责任", "切实保障人民群众生命财产安全", "推动各项工作提质增效",
            "营造安全稳定的发展环境", "不断提升群众的获得感和满意度", "确保年度目标任务如期完成"]
STATS = [
    "今年以来，共检查在建项目{a}个，发现问题隐患{b}处，已督促整改{c}处，整改率达{p}%。",
    "截至{m}月底，累计完成{a}个项目，完成年度目标任务的{p}%。",
    "活动共发放宣传资料{a0}余份，接受群众咨询{b}人次，现场解决问题{c}个。",
    "全年计划投入资金{a}万元，预计惠及群众{b0}余户。",
    "共组织培训{a}场次，参训人员{b0}人次，考核合格率{p}%。",
    "全年办理相关业务{a0}件，平均办理时限压缩至{d}个工作日，群众满意率{p}%。",
    "共约谈企业{a}家，下发整改通知书{b}份，对{c}家企业依法实施信用扣分。",
    "累计排查点位{a0}个，建立问题台账{b}条，已销号{c}条。",
]
MEASURES = ["建立问题清单、责任清单、整改清单“三张清单”", "实行“周调度、月通报”工作机制",
            "运用智慧监管平台开展线上巡查", "联合相关部门开展联合执法", "组织专家开展现场指导",
            "落实“一项目一档案”管理", "加强与属地街道、社区的协同联动", "畅通群众投诉举报渠道",
            "推行“双随机、一公开”检查", "开展“四不两直”暗查暗访", "建立“首问负责、限时办结”制度",
            "将检查结果与企业信用评价挂钩"]
PRINCIPLES = ["问题导向和目标导向相结合", "“严”字当头、“实”字托底", "以人民为中心的发展思想",
              "条块结合、上下联动", "标本兼治、综合施策", "边查边改、立查立改"]
NEXT_STEPS = ["持续加大监管力度", "建立健全长效机制", "加强典型经验总结推广", "强化督查考核",
              "深化部门协作联动", "加快数字化转型步伐", "加大宣传引导力度"]
GOALS = ["确保各项工作落到实处、取得实效", "不断提升群众获得感、幸福感、安全感",
         "为全市高质量发展提供有力支撑", "推动住建事业再上新台阶"]
PROBLEMS = ["部分项目主体责任落实不到位", "监管力量与任务量不相匹配", "信息化手段运用不够充分",
            "群众参与度有待提高", "资金保障渠道较为单一", "部门之间信息共享不够及时"]
SUGGESTIONS = ["健全制度体系，明确各方责任", "充实监管力量，加强业务培训", "强化科技赋能，推进数据共享",
               "拓宽资金渠道，引导社会资本参与", "完善考核机制，形成工作合力", "加强宣传引导，凝聚社会共识"]
PISHI_BY = {"national": ["国务院办公厅"], "provincial": ["省政府分管副省长", "省委常委"],
            "municipal": ["市委主要领导", "市政府分管副市长", "市政府主要领导"],
            "county": ["区委主要领导", "区政府分管副区长"]}
CN_NUM = "零一二三四五六七八九十"


# =========================================================================== the plan

@dataclass
class Person:
    id: str
    name: str
    emails: list[str]
    unit: str
    title: str
    roles: list[str]

    def who(self, n: int = 0) -> tuple[str, str]:
        return (self.name, self.emails[min(n, len(self.emails) - 1)])


@dataclass
class Unit:
    id: str
    name: str
    type: str
    group: str
    head: list[str] = field(default_factory=list)
    leader: str = ""
    liaisons: list[str] = field(default_factory=list)
    active: bool = True
    weight: float = 1.0

    def phrase(self) -> str:
        """The unit as a sentence names it: 局建筑管理科, 市城建档案馆, 城东区城建科."""
        if self.type == "科室" and not self.name.startswith(tuple(d for d, _ in DISTRICTS)):
            return "局" + self.name
        if self.name.startswith(tuple(d for d, _ in DISTRICTS)) or self.name.startswith("片区"):
            return self.name
        return "市" + self.name


@dataclass
class Event:
    t: dt.datetime
    seq: int
    kind: str                     # config | solicitation | submit | edit | record | approve | branch | merge
    who: tuple[str, str]
    message: str
    files: dict[str, bytes] = field(default_factory=dict)
    item: "Item | None" = None
    committer: tuple[str, str] | None = None
    approvers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Item:
    """One submission and its planned life."""

    path: str
    slug: str
    units: list[str]
    authors: list[str]            # person ids (the first commits)
    write_authors: bool
    email_n: int                  # which of the author's e-mails the commits use
    category: str
    title: str
    body: str
    tags: list[str]
    importance: str = "normal"
    urgent: bool = False
    event_date: dt.date | None = None
    solicitation: str | None = None
    draft: bool = False
    submitted: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=TZ)
    forge: bool = False
    fate: str = "approved"        # approved | pending | stale | reapproved | draft | self
    adoptions: list[tuple[str, dt.date, str | None]] = field(default_factory=list)
    instructions: list[tuple[str, str, dt.date, str]] = field(default_factory=list)

    def text(self, body: str, n_adoptions: int, n_instructions: int) -> str:
        lines = ["---", f"title: {self.title}",
                 f"unit: {self.units[0]}" if len(self.units) == 1 else f"unit: [{', '.join(self.units)}]",
                 f"category: {self.category}"]
        if self.write_authors:
            lines.append(f"authors: [{', '.join(self.authors)}]")
        if self.importance != "normal":
            lines.append(f"importance: {self.importance}")
        if self.urgent:
            lines.append("urgent: true")
            assert self.event_date is not None
            lines.append(f"event_date: {self.event_date.isoformat()}")
        if self.solicitation:
            lines.append(f"solicitation: {self.solicitation}")
        if self.tags:
            lines.append(f"tags: [{', '.join(self.tags)}]")
        if self.draft:
            lines.append("draft: true")
        if n_adoptions:
            lines.append("adoptions:")
            for outlet, day, evidence in self.adoptions[:n_adoptions]:
                lines += [f"  - outlet: {outlet}", f"    date: {day.isoformat()}"]
                if evidence:
                    lines.append(f"    evidence: {evidence}")
        if n_instructions:
            lines.append("instructions:")
            for level, by, day, evidence in self.instructions[:n_instructions]:
                lines += [f"  - level: {level}", f"    by: {by}", f"    date: {day.isoformat()}",
                          f"    evidence: {evidence}"]
        lines.append("---")
        return "\n".join(lines) + "\n" + body


@dataclass
class Plan:
    options: DemoOptions
    people: list[Person]
    units: list[Unit]
    inactive_since: dt.datetime | None
    solicitations: list[tuple[str, str, bytes, dt.datetime, tuple[str, str]]]   # id, path, text, when, who
    items: list[Item]
    events: list[Event]
    files: dict[str, bytes]       # the static files of the first commit

    @property
    def people_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}


def minimum_people(units: int) -> int:
    """Chief, leaders, three office staff (one heads 办公室), a liaison of 办公室, a head and a liaison per unit."""
    return 1 + _leader_count(units) + 3 + 1 + 2 * (units - 1)


def _leader_count(units: int) -> int:
    return max(2, min(8, round(units / 3)))


class _Names:
    """Unique Chinese names with pinyin ids."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.ids: set[str] = set()
        self.names: set[str] = set()

    def new(self) -> tuple[str, str]:
        for attempt in range(1000):
            sname, spy = self.rng.choice(SURNAMES)
            given = [self.rng.choice(GIVEN) for _ in range(1 if self.rng.random() < 0.35 else 2)]
            name = sname + "".join(g for g, _ in given)
            pid = spy + "".join(p for _, p in given)
            if name in self.names and attempt < 50:
                continue
            base, n = pid, 2
            while pid in self.ids:
                pid = f"{base}{n}"
                n += 1
            self.ids.add(pid)
            self.names.add(name)
            return name, pid
        raise AssertionError("unreachable")


def _make_units(opts: DemoOptions, rng: random.Random) -> list[Unit]:
    units: list[Unit] = []
    for i in range(opts.units):
        if i < len(UNIT_BANK):
            uid, name, kind, group = UNIT_BANK[i]
        else:
            j = i - len(UNIT_BANK)
            base = UNIT_BANK[1 + j % (len(UNIT_BANK) - 1)]
            d = j // (len(UNIT_BANK) - 1)
            if d < len(DISTRICTS):
                dname, dpy = DISTRICTS[d]
            else:
                dname, dpy = f"片区{d - len(DISTRICTS) + 1}", f"p{d - len(DISTRICTS) + 1}"
            uid, name, kind, group = f"{dpy}-{base[0]}", dname + base[1], base[2], base[3]
        units.append(Unit(uid, name, kind, group))
    weights = [1.0 / (r + 1) ** 0.6 for r in range(len(units))]
    rng.shuffle(weights)
    for u, w in zip(units, weights):
        u.weight = w
    return units


def _make_people(opts: DemoOptions, units: list[Unit], rng: random.Random) -> list[Person]:
    names = _Names(rng)
    people: list[Person] = []

    def person(unit: str, title: str, roles: list[str]) -> Person:
        name, pid = names.new()
        emails = [f"{pid}@{DOMAIN}"]
        if rng.random() < 0.15:
            emails.append(f"{pid}{rng.randint(70, 99)}@example.com")
        p = Person(pid, name, emails, unit, title, roles)
        people.append(p)
        return p

    total = opts.people if opts.people is not None else max(minimum_people(opts.units), round(opts.units * 3.3))
    bgs = units[0]
    chief = person(bgs.id, "党委书记、局长", ["chief"])
    leaders = [person(bgs.id, "党委委员、副局长", ["leader"]) for _ in range(_leader_count(opts.units))]
    office_titles = ["办公室主任", "办公室副主任", "宣传报道组干事"]
    office = [person(bgs.id, t, ["office"]) for t in office_titles]
    bgs.head = [office[0].id]
    for i, u in enumerate(units):
        u.leader = leaders[i % len(leaders)].id if u is not bgs else leaders[-1].id
        if u is not bgs:
            head_title = {"科室": "科长", "事业单位": "主任", "下属单位": "总经理"}[u.type]
            if "站" in u.name:
                head_title = "站长"
            elif "馆" in u.name:
                head_title = "馆长"
            elif "处" in u.name:
                head_title = "处长"
            u.head = [person(u.id, head_title, []).id]
        u.liaisons = [person(u.id, "信息员", ["liaison"]).id]
    # Extra people: second liaisons (通讯员) of the busiest units first, then deputy heads.
    order = sorted(units, key=lambda u: -u.weight)
    k = 0
    while len(people) < total:
        u = order[k % len(order)]
        round_ = k // len(order)
        if round_ % 2 == 0 or u is bgs:
            u.liaisons.append(person(u.id, "通讯员", ["liaison"]).id)
        else:
            u.head.append(person(u.id, "副" + ("科长" if u.type == "科室" else "主任"), []).id)
        k += 1
    del chief
    return people


# --------------------------------------------------------------------------- time helpers

def _at(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=TZ) + dt.timedelta(minutes=minutes)


def _next_workday(day: dt.date, n: int = 1) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


class _Clock:
    """Working-hours arithmetic for review steps."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def soon(self, t: dt.datetime, lo: int, hi: int, *, urgent: bool = False) -> dt.datetime:
        """``lo``..``hi`` minutes after ``t``, moved into office hours unless urgent."""
        out = t + dt.timedelta(minutes=self.rng.randint(lo, hi))
        if urgent:
            return out
        local = out.astimezone(TZ)
        minutes = local.hour * 60 + local.minute
        if local.weekday() < 5 and 8 * 60 + 30 <= minutes <= 17 * 60 + 30:
            return out
        day = local.date() if minutes < 8 * 60 + 30 and local.weekday() < 5 else _next_workday(local.date())
        return _at(day, self.rng.randint(8 * 60 + 35, 11 * 60 + 30))

    def next_day(self, t: dt.datetime, hour_lo: int, hour_hi: int, days: int = 1) -> dt.datetime:
        day = _next_workday(t.astimezone(TZ).date(), days)
        return _at(day, self.rng.randint(hour_lo * 60, hour_hi * 60))


# --------------------------------------------------------------------------- text

def _n(rng: random.Random, lo: int, hi: int) -> int:
    return rng.randint(lo, hi)


def _stats(rng: random.Random, month: int) -> str:
    a = _n(rng, 12, 260)
    b = _n(rng, max(3, a // 4), a * 2)
    c = _n(rng, max(1, b * 6 // 10), b)
    return rng.choice(STATS).format(a=a, b=b, c=c, p=_n(rng, 86, 100), m=month, d=_n(rng, 2, 7),
                                    a0=a * 10 * _n(rng, 1, 9), b0=b * 10 * _n(rng, 1, 5))


def _body(rng: random.Random, category: str, unit: Unit, topic: str, day: dt.date, extra: str = "") -> str:
    who = unit.phrase()
    date = f"{day.month}月{day.day}日"
    paras: list[str] = []
    if category == "party_info":
        theme = rng.choice(PARTY_THEMES)
        paras.append(f"{date}，{who}党支部组织全体党员开展“{theme}”主题党日活动，{rng.choice(PURPOSES)}。")
        paras.append(f"活动中，党员们集中学习了有关文件精神，围绕{topic}开展交流研讨，"
                     f"{rng.choice(MEASURES)}，并赴{rng.choice(RED_PLACES)}开展现场教学。")
        paras.append(f"大家纷纷表示，将以此次活动为契机，{rng.choice(NEXT_STEPS)}，"
                     f"把学习成效转化为推动工作的实际行动，{rng.choice(GOALS)}。")
    elif category == "research":
        paras.append(f"为深入了解{CITY}{topic}工作情况，{date}起，{who}组成调研组，通过实地走访、座谈交流、"
                     f"问卷调查等方式开展专题调研。现将有关情况报告如下。")
        paras.append("**一、基本情况**")
        paras.append(_stats(rng, day.month) + _stats(rng, day.month))
        paras.append("**二、存在的主要问题**")
        probs = rng.sample(PROBLEMS, 3)
        paras.append("".join(f"{CN_NUM[i + 1]}是{p}；" for i, p in enumerate(probs))[:-1] + "。")
        paras.append("**三、对策建议**")
        sugg = rng.sample(SUGGESTIONS, 3)
        paras.append("".join(f"（{CN_NUM[i + 1]}）{s}。" for i, s in enumerate(sugg)))
    elif category == "opinion":
        issue = topic
        paras.append(f"{date}，有网民在“{rng.choice(PLATFORMS)}”发帖反映{issue}问题，截至发稿时，该帖浏览量"
                     f"{_n(rng, 800, 30000)}次、跟帖{_n(rng, 10, 300)}条，引发部分群众关注。")
        paras.append(f"获悉后，{who}第一时间组织人员赴现场核实，约谈相关责任单位，{rng.choice(MEASURES)}，"
                     f"并通过平台及时回复网民诉求。")
        paras.append(f"目前，相关问题已基本得到解决，舆情总体平稳。下一步，{who}将{rng.choice(NEXT_STEPS)}，"
                     f"防止类似问题反复发生。")
    else:
        paras.append(f"{date}，{who}{rng.choice(LEAD_VERBS)}{topic}工作，{rng.choice(PURPOSES)}。")
        paras.append(_stats(rng, day.month))
        m = rng.sample(MEASURES, 3)
        paras.append(f"工作中，{who}坚持{rng.choice(PRINCIPLES)}，{m[0]}，{m[1]}，{m[2]}，推动工作落细落实。")
        if rng.random() < 0.5:
            paras.append(_stats(rng, day.month))
        paras.append(f"下一步，{who}将{'，'.join(rng.sample(NEXT_STEPS, 2))}，{rng.choice(GOALS)}。")
    if extra:
        paras.append(extra)
    return "\n\n".join(paras) + "\n"


def _title(rng: random.Random, category: str, unit: Unit, topic: str) -> str:
    org = ORG_SHORT if rng.random() < 0.6 else unit.phrase().lstrip("局")
    if category == "party_info":
        return rng.choice([f"{unit.name}党支部开展“{rng.choice(PARTY_THEMES)}”主题党日活动",
                           f"{unit.name}扎实开展{topic}",
                           f"{unit.name}组织党员干部赴{rng.choice(RED_PLACES)}开展党性教育"])
    if category == "research":
        return rng.choice([f"关于{CITY}{topic}情况的调研报告", f"{topic}工作的实践与思考",
                           f"关于推进{topic}的调研与建议"])
    if category == "opinion":
        return rng.choice([f"关于网民反映{topic}问题的舆情信息", f"网民关注{topic}，{unit.name}及时回应处置"])
    if category == "news":
        return rng.choice([f"{unit.name}召开{topic}工作推进会", f"{org}举办{topic}业务培训",
                           f"{org}开展{topic}宣传进社区活动", f"{unit.name}组织{topic}现场观摩会"])
    k = rng.choice("三四五")
    return rng.choice([f"{org}{rng.choice(LEAD_VERBS)}{topic}", f"{CITY}{topic}取得阶段性成效",
                       f"{unit.name}多措并举推进{topic}", f"{unit.name}“{k}个到位”抓实{topic}",
                       f"{org}{topic}工作走在全省前列"])


# --------------------------------------------------------------------------- outlets and scoring.yaml

OUTLETS = [
    # id, name, level, kind, weight
    ("gwyb-xinxi", "国务院办公厅《信息》", "national", "党政信息", 1),
    ("mohurd-web", "住房和城乡建设部网站", "national", "网站", 2),
    ("renmin-daily", "人民日报", "national", "报纸", 1),
    ("zgjsb", "中国建设报", "national", "报纸", 2),
    ("xuexi-qiangguo", "学习强国", "national", "新媒体", 2),
    ("sw-xinxi", "省委办公厅《江东信息》", "provincial", "党政信息", 3),
    ("szf-zwxx", "省政府办公厅《江东政务》", "provincial", "党政信息", 3),
    ("jd-daily", "江东日报", "provincial", "报纸", 4),
    ("szjt-web", "江东省住房和城乡建设厅网站", "provincial", "网站", 8),
    ("xxqg-jd", "学习强国江东学习平台", "provincial", "新媒体", 3),
    ("jd-tv", "江东广电总台", "provincial", "电视", 2),
    ("jn-swb-xinxi", "江南市委办《江南信息》", "municipal", "党政信息", 8),
    ("jn-zfb-zwxx", "江南市政府办《江南政务》", "municipal", "党政信息", 8),
    ("jn-daily", "江南日报", "municipal", "报纸", 12),
    ("jn-tv", "江南电视台", "municipal", "电视", 8),
    ("jn-gov-web", "江南市人民政府网站", "municipal", "网站", 14),
    ("jn-wechat", "“江南发布”微信公众号", "municipal", "新媒体", 12),
    ("jnzj-web", "江南市住建局网站", "municipal", "网站", 16),
]
_OUTLET_CUM: list[int] = []
for _o in OUTLETS:
    _OUTLET_CUM.append((_OUTLET_CUM[-1] if _OUTLET_CUM else 0) + _o[4])


def _scoring_yaml(year: int) -> str:
    outlets = "\n".join(f"  - {{id: {o[0]}, name: {o[1]}, level: {o[2]}, kind: {o[3]}}}" for o in OUTLETS)
    return f"""# {ORG_SHORT}信息宣传工作积分办法（{year}年度）—— bulletin demo 生成的演示数据
# 得分 = 采用记分 + 批示加分 + 约稿加分 − 扣分记分。
timezone: Asia/Shanghai

levels:
  - {{id: national,   name: 国家级}}
  - {{id: provincial, name: 省级}}
  - {{id: municipal,  name: 市级}}
  - {{id: county,     name: 区县级}}

categories:
  - {{id: gov_info,   name: 政务信息}}
  - {{id: party_info, name: 党建信息}}
  - {{id: news,       name: 新闻宣传}}
  - {{id: research,   name: 调研文章}}
  - {{id: opinion,    name: 舆情信息}}

outlets:
{outlets}

points:
  gov_info:   {{national: 50, provincial: 20, municipal: 10, county: 4}}
  party_info: {{national: 40, provincial: 15, municipal: 8,  county: 3}}
  news:       {{national: 20, provincial: 10, municipal: 5,  county: 3}}
  research:   {{national: 80, provincial: 50, municipal: 30, county: 20}}
  opinion:    {{national: 40, provincial: 20, municipal: 10, county: 5}}
  default:    {{national: 30, provincial: 12, municipal: 6,  county: 2}}

multiple_adoptions: sum
instruction_points: {{national: 50, provincial: 40, municipal: 30, county: 10}}
solicitation: {{deadline_days: 3, on_time_bonus: 2, late_penalty: -2, missed_penalty: -5}}
urgent_late_penalty: -5
backflow_penalty: -10
author_split: equal
evidence_required: true

targets:
  units:
    default: {{points: 60}}

awards: {{units: 3, people: 10, require_target: true}}
"""


def _units_yaml(people: list[Person], units: list[Unit], active: dict[str, bool]) -> str:
    out = [f"# {ORG_SHORT}信息宣传工作：单位、人员和审核流程 —— bulletin demo 生成的演示数据",
           "organization:", f"  name: {ORG_NAME}", f"  short_name: {ORG_SHORT}", "", "people:"]
    for p in people:
        out += [f"  - id: {p.id}", f"    name: {p.name}", f"    emails: [{', '.join(p.emails)}]",
                f"    unit: {p.unit}", f"    title: {p.title}", f"    roles: [{', '.join(p.roles)}]"]
    out += ["", "units:"]
    for u in units:
        out += [f"  - id: {u.id}", f"    name: {u.name}", f"    type: {u.type}", f"    head: [{', '.join(u.head)}]",
                f"    leader: {u.leader}", f"    liaisons: [{', '.join(u.liaisons)}]",
                f"    active: {'true' if active.get(u.id, u.active) else 'false'}"]
    out += ["", "review:", "  stages:",
            "    - {id: unit,   name: 科室审核,     approvers: unit.head}",
            "    - {id: office, name: 办公室审核,   approvers: \"role:office\"}",
            "    - {id: leader, name: 分管领导签发, approvers: unit.leader}",
            "    - {id: chief,  name: 主要领导审核, approvers: \"role:chief\", when: {importance: major}}",
            "  author_cannot_approve: true", "  trust: author", f"  trusted_committers: [{FORGE[1]}]",
            "  allowed_signers: null", ""]
    return "\n".join(out)


_MKDOCS_YML = f"""site_name: {ORG_SHORT}信息宣传工作（演示）
site_description: bulletin demo 生成的演示实例
copyright: {ORG_NAME}办公室
theme:
  name: material
  palette:
    primary: red
    accent: red
  features:
    - navigation.tabs
    - navigation.top
"""

_README = f"""# {ORG_SHORT}信息宣传工作（演示实例）

This repository was generated by `bulletin demo`: a synthetic bureau with
units, people, Chinese submissions, approvals (approval commits and forge
merges), adoptions with evidence, 批示 and solicitations. Every name in it is
invented. Try:

    bulletin check
    bulletin status --pending
    bulletin scores --period {{year}}
    bulletin build --out site
"""

_GITIGNORE = "/site\n/site.releases/\n/.bulletin-cache/\n"

_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                     "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4820000000049454e44ae426082")


def _pdf(note: str) -> bytes:
    return ("%PDF-1.4\n% bulletin demo evidence: " + note + "\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n").encode("utf-8")


# --------------------------------------------------------------------------- planning

def plan(opts: DemoOptions) -> Plan:
    """Everything the history will hold, as dated events (deterministic for ``opts``)."""
    if opts.units < 2:
        raise BulletinError(msg("demo.units"))
    if opts.people is not None and opts.people < minimum_people(opts.units):
        raise BulletinError(msg("demo.people", people=opts.people, units=opts.units,
                                minimum=minimum_people(opts.units), leaders=_leader_count(opts.units)))
    if opts.submissions < 1:
        raise BulletinError(msg("demo.submissions"))
    rng = random.Random(opts.seed)
    clock = _Clock(rng)
    units = _make_units(opts, rng)
    people = _make_people(opts, units, rng)
    by_id = {p.id: p for p in people}
    unit_by_id = {u.id: u for u in units}
    office = [p for p in people if "office" in p.roles]
    chief = next(p for p in people if "chief" in p.roles)
    start, end = opts.start, opts.end
    end_t = _at(end, 24 * 60 - 1)
    workdays = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    workdays = [d for d in workdays if d.weekday() < 5]
    events: list[Event] = []

    def add(ev: Event) -> None:
        if ev.t <= end_t:
            ev.seq = len(events)
            events.append(ev)

    # ---- configuration: set-up, one unit leaves the rankings, a scoring commit each new year
    inactive = units[-1] if len(units) >= 6 else None
    inactive_since = None
    setup_t = _at(start, 9 * 60 + 5) - dt.timedelta(days=3)
    first_files = {
        "units.yaml": _units_yaml(people, units, {inactive.id: True} if inactive else {}).encode("utf-8"),
        "scoring.yaml": _scoring_yaml(start.year).encode("utf-8"),
        "mkdocs.yml": _MKDOCS_YML.encode("utf-8"),
        "README.md": _README.replace("{year}", str(end.year)).encode("utf-8"),
        ".gitignore": _GITIGNORE.encode("utf-8"),
    }
    add(Event(setup_t, 0, "config", office[0].who(), "建立信息宣传工作台账：单位人员、审核流程和积分办法",
              dict(first_files)))
    for year in range(start.year + 1, end.year + 1):
        add(Event(_at(dt.date(year, 1, 2), 9 * 60 + 40), 0, "config", office[0].who(),
                  f"更新{year}年度信息宣传工作积分办法", {"scoring.yaml": _scoring_yaml(year).encode("utf-8")}))
    if inactive is not None:
        day = workdays[len(workdays) * 2 // 3]
        inactive_since = _at(day, 10 * 60 + 15)
        inactive.active = False
        add(Event(inactive_since, 0, "config", office[0].who(),
                  f"调整单位：{inactive.name}划转，停止参加排名",
                  {"units.yaml": _units_yaml(people, units, {}).encode("utf-8")}))

    def active_at(u: Unit, t: dt.datetime) -> bool:
        return u is not inactive or inactive_since is None or t < inactive_since

    # ---- solicitations and their answers
    n_sol = max(1, round(opts.submissions / 60))
    answers: list[tuple[dt.datetime, Unit, str, str, str]] = []   # when, unit, solicitation id, topic, title
    sol_files = []
    per_year: dict[int, int] = {}
    sol_days = sorted(rng.choice(workdays[:-2] or workdays) for _ in range(n_sol))
    budget_answers = max(1, opts.submissions * 15 // 100)
    for day in sol_days:
        per_year[day.year] = per_year.get(day.year, 0) + 1
        sid = f"{day.year}-{per_year[day.year]:03d}"
        issued_t = _at(day, rng.randint(9 * 60, 16 * 60))
        group_units = [u for u in units if active_at(u, issued_t)]
        if len(group_units) <= 30 and rng.random() < 0.12:
            targets_text, targets = "all", group_units
        else:
            targets = rng.sample(group_units, min(len(group_units), rng.randint(1, 4)))
            targets.sort(key=lambda u: units.index(u))
            targets_text = "[" + ", ".join(u.id for u in targets) + "]"
        lead = targets[0]
        _slug, topic, _tags = rng.choice(TOPICS[lead.group])
        explicit = rng.random() < 0.5
        deadline = day + dt.timedelta(days=rng.choice([3, 5, 7]) if explicit else 3)
        title = f"关于报送{topic}工作情况的约稿通知"
        issuer = rng.choice(["市委办公室信息科", "市政府办公室信息科", "省住房和城乡建设厅办公室", "局办公室"])
        text = (f"---\ntitle: {title}\nfrom: {issuer}\nissued: {day.isoformat()}\n"
                + (f"deadline: {deadline.isoformat()}\n" if explicit else "")
                + f"units: {targets_text}\n---\n"
                f"{issuer}来电约稿：请相关单位围绕{topic}工作，重点报送主要做法、工作成效和下一步打算。\n\n"
                f"要求：每篇1500字以内，数据准确、事例具体，经分管领导签发后于{deadline.month}月{deadline.day}日前"
                f"报局办公室。\n")
        who = rng.choice(office)
        path = f"solicitations/{sid}.md"
        sol_files.append((sid, path, text.encode("utf-8"), issued_t, who.who()))
        add(Event(issued_t, 0, "solicitation", who.who(), f"发布约稿：{title}", {path: text.encode("utf-8")}))
        for u in targets:
            if len(answers) >= budget_answers:
                break
            roll = rng.random()
            if roll < 0.70:
                span = max(0, (deadline - day).days)
                when = _at(day + dt.timedelta(days=rng.randint(0, span)), rng.randint(9 * 60, 17 * 60))
                if when <= issued_t:
                    when = issued_t + dt.timedelta(minutes=rng.randint(30, 300))
            elif roll < 0.85:
                when = _at(deadline + dt.timedelta(days=rng.randint(1, 6)), rng.randint(9 * 60, 17 * 60))
            else:
                continue   # missed
            if when <= end_t and active_at(u, when):
                answers.append((when, u, sid, topic, f"{u.name}{topic}工作情况"))

    # ---- the items
    unit_cum: list[float] = []
    for u in units:
        unit_cum.append((unit_cum[-1] if unit_cum else 0.0) + u.weight)
    items: list[Item] = []
    n_regular = max(0, opts.submissions - len(answers))
    width = max(5, len(str(opts.submissions)))
    specs: list[tuple[dt.datetime, Unit, str | None, str | None, str | None]] = []
    for _ in range(n_regular):
        day = rng.choice(workdays)
        t = _at(day, rng.randint(8 * 60 + 30, 17 * 60 + 30))
        while True:
            u = units[bisect.bisect(unit_cum, rng.random() * unit_cum[-1])]
            if active_at(u, t):
                break
        specs.append((t, u, None, None, None))
    specs += [(t, u, sid, topic, title) for t, u, sid, topic, title in answers]
    specs.sort(key=lambda s: s[0])
    for n, (t, u, sid, sol_topic, sol_title) in enumerate(specs):
        day = t.date()
        if sid:
            category = "gov_info"
            slug_base, topic, tags = next(((s, p, tg) for s, p, tg in TOPICS[u.group] if p == sol_topic),
                                          ("answer", sol_topic or "", ()))
        else:
            r = rng.random()
            category = ("gov_info" if r < 0.45 else "news" if r < 0.72 else "party_info" if r < 0.84
                        else "research" if r < 0.93 else "opinion")
            group = "party" if category == "party_info" else u.group
            slug_base, topic, tags = rng.choice(TOPICS[group])
        if category == "opinion":
            issues = [(s_, p_) for s_, p_, groups in OPINION_ISSUES if u.group in groups]
            if issues:     # 舆情 about the unit's own field
                slug_base, topic = rng.choice(issues)
                tags = ("舆情",)
            else:
                category = "news"
        title = sol_title if sol_title else _title(rng, category, u, topic)
        joint = not sid and len(units) > 2 and rng.random() < 0.03
        item_units = [u.id]
        if joint:
            other = rng.choice([x for x in units if x is not u and active_at(x, t)] or [u])
            if other is not u:
                item_units.append(other.id)
        authors = [rng.choice(unit_by_id[x].liaisons) for x in item_units]
        if len(authors) == 1 and len(u.liaisons) > 1 and rng.random() < 0.15:
            authors.append(next(x for x in u.liaisons if x != authors[0]))
        slug = f"{slug_base}-{n + 1:0{width}d}"
        path = f"submissions/{day.year}/{day.month:02d}/{slug}.md"
        body = _body(rng, category, u, topic, day)
        item = Item(path=path, slug=slug, units=item_units, authors=authors,
                    write_authors=rng.random() < 0.85 or len(authors) > 1,
                    email_n=1 if rng.random() < 0.2 else 0, category=category, title=title, body=body,
                    tags=list(tags), solicitation=sid, submitted=t)
        if category == "opinion" or rng.random() < 0.01:
            if rng.random() < 0.35:
                item.urgent = True
                late = rng.random() < 0.25
                item.event_date = day - dt.timedelta(days=1) if late else day
                if not late:   # reported within hours, evenings included
                    item.submitted = t = _at(day, rng.randint(7 * 60, 22 * 60 + 30))
        if item.urgent and rng.random() < 0.4 or rng.random() < 0.02:
            item.importance = "major"
        items.append(item)

    # ---- fates: a fixed share each, at least one of each when the instance is big enough
    def share(frac: float, lo: int = 1) -> int:
        return max(lo, round(len(items) * frac)) if len(items) >= 20 else 0

    early = [i for i in items if i.submitted < end_t - dt.timedelta(days=30) and not i.solicitation]
    rng.shuffle(early)
    picks = iter(early)

    def take(n: int) -> list[Item]:
        out = []
        for _ in range(n):
            nxt = next(picks, None)
            if nxt is None:
                break
            out.append(nxt)
        return out

    for it in take(share(0.01)):
        it.fate, it.draft = "draft", True
    for it in take(share(0.02)):
        it.fate = "pending"
    for it in take(share(0.015)):
        it.fate = "stale"
    for it in take(share(0.015)):
        it.fate = "reapproved"
    for it in take(share(0.005)):
        it.fate = "self"   # an author also approves: that approval is ignored
    for it in take(share(0.15, 0)):
        if it.fate == "approved" and not it.urgent:
            it.forge = True
    for it in take(share(0.005)):
        it.fate = it.fate if it.fate != "approved" else "backflow"

    # ---- the events of each item
    raw_approvals: list[tuple[dt.datetime, str, str | None, Item]] = []   # when, approver, stage, item
    mr_number = 0
    for it in items:
        lead = unit_by_id[it.units[0]]
        author = by_id[it.authors[0]]
        adder = author.who(it.email_n)
        t0 = it.submitted
        urgent_now = it.urgent and it.event_date == t0.date()
        timeline: list[tuple[dt.datetime, str, object]] = []   # (when, kind, data) for content changes
        body = it.body

        def stage_plan(after: dt.datetime) -> tuple[list[tuple[dt.datetime, str, str | None]], dt.datetime]:
            """Approvals (when, approver id, Stage or None) of the required stages, after ``after``."""
            steps: list[tuple[dt.datetime, str, str | None]] = []
            slow = rng.random() < 0.08
            head = rng.choice([h for h in lead.head if h not in it.authors] or lead.head)
            t_unit = clock.soon(after, 20, 300, urgent=urgent_now)
            if slow:
                t_unit = clock.next_day(t_unit, 9, 16, days=rng.randint(1, 4))
            office_p = rng.choice([o for o in office if o.id not in it.authors])
            if head in {o.id for o in office} and rng.random() < 0.7:
                steps.append((t_unit, head, None))          # one approval meets 科室审核 and 办公室审核
                t_office = t_unit
            else:
                steps.append((t_unit, head, "unit"))
                t_office = (clock.soon(t_unit, 10, 60, urgent=True) if urgent_now
                            else clock.next_day(t_unit, 9, 11) if rng.random() < 0.7
                            else clock.soon(t_unit, 60, 240))
                steps.append((t_office, office_p.id, "office"))
            t_leader = (clock.soon(t_office, 10, 60, urgent=True) if urgent_now
                        else clock.soon(t_office, 240, 420) if rng.random() < 0.6
                        else clock.next_day(t_office, 14, 17))
            steps.append((t_leader, lead.leader, None if rng.random() < 0.3 else "leader"))
            last = t_leader
            if it.importance == "major":
                last = clock.soon(t_leader, 20, 90, urgent=urgent_now)
                steps.append((last, chief.id, "chief"))
            return steps, last

        if it.draft:
            timeline.append((t0, "submit", None))
            last_review = t0
        else:
            start_review = t0
            if not it.forge and rng.random() < 0.05:   # revised before anyone approved
                t_rev = t0 + dt.timedelta(minutes=rng.randint(10, 60))
                timeline.append((t0, "submit", None))
                body = body.replace("。\n", "，相关工作正在有序推进。\n", 1)
                timeline.append((t_rev, "revise", body))
                start_review = t_rev
            else:
                timeline.append((t0, "submit", None))
            steps, last_review = stage_plan(start_review)
            if it.fate == "pending":
                steps = steps[:-1] if len(steps) > 1 else []
            if it.fate == "self":
                steps.append((clock.soon(steps[0][0], 5, 30), it.authors[0], "unit"))
            if it.forge:
                mr_number += 1
                merged = max(t for t, _, _ in steps) + dt.timedelta(minutes=rng.randint(5, 60))
                approvers = []
                for _t, pid, _s in steps:
                    if by_id[pid].who() not in approvers:
                        approvers.append(by_id[pid].who())
                it_events = ("forge", merged, approvers, mr_number)
                timeline[0] = (t0, "branch", it_events)
                last_review = merged
            else:
                for t, pid, st in steps:
                    raw_approvals.append((t, pid, st, it))
            if it.fate in ("stale", "reapproved"):
                t_edit = clock.next_day(last_review, 9, 17, days=rng.randint(2, 8))
                body = body.rstrip("\n") + f"\n\n（截至{t_edit.month}月{t_edit.day}日，相关数据已更新。）\n"
                timeline.append((t_edit, "edit", body))
                if it.fate == "reapproved":
                    steps2, last_review = stage_plan(t_edit)
                    for t, pid, st in steps2:
                        raw_approvals.append((t, pid, st, it))
                else:
                    last_review = t_edit
        # adoptions and 批示 (only of items that complete review), recorded after the fact
        if it.fate in ("approved", "reapproved", "backflow", "self") and not it.draft:
            r = rng.random()
            n_adopt = 0 if r < 0.55 else 1 if r < 0.85 else 2 if r < 0.96 else 3
            if it.fate == "backflow":
                n_adopt = max(1, n_adopt)
            used: set[str] = set()
            base_day = last_review.date()
            for k in range(n_adopt):
                o = OUTLETS[bisect.bisect(_OUTLET_CUM, rng.randrange(_OUTLET_CUM[-1]))]
                if o[0] in used:
                    continue
                used.add(o[0])
                a_day = base_day + dt.timedelta(days=rng.randint(1, 25))
                if it.fate == "backflow" and k == 0:
                    a_day = t0.date() - dt.timedelta(days=rng.randint(1, 3))
                if o[3] == "网站" and rng.random() < 0.25:
                    ev = f"https://www.example.gov.cn/art/{a_day.year}/{a_day.month}/{a_day.day}/art_{rng.randint(1000, 9999)}.html"
                else:
                    ext = "pdf" if o[3] in ("党政信息", "报纸") else "png"
                    ev = f"evidence/{a_day.year}/{a_day.month:02d}/{it.slug}-{o[0]}.{ext}"
                it.adoptions.append((o[0], a_day, ev))
            if rng.random() < 0.02 or (it.importance == "major" and rng.random() < 0.3):
                level = rng.choice(["municipal", "municipal", "county", "provincial"])
                i_day = base_day + dt.timedelta(days=rng.randint(3, 30))
                it.instructions.append((level, rng.choice(PISHI_BY[level]), i_day,
                                        f"evidence/{i_day.year}/{i_day.month:02d}/{it.slug}-pishi.pdf"))
            it.adoptions.sort(key=lambda a: (a[1], a[0]))
            dates = sorted([(a[1], "a", i) for i, a in enumerate(it.adoptions)] +
                           [(x[2], "i", i) for i, x in enumerate(it.instructions)])
            na = ni = 0
            t_prev = last_review
            for day_, what, _i in dates:
                na += what == "a"
                ni += what == "i"
                rec_day = _next_workday(max(day_, t_prev.date()))
                t_rec = _at(rec_day, rng.randint(9 * 60, 17 * 60))
                if t_rec <= t_prev:
                    t_rec = t_prev + dt.timedelta(minutes=45)
                t_prev = t_rec
                timeline.append((t_rec, "record", (na, ni, what, _i)))
        # the content events of the item, with the file text at each
        timeline.sort(key=lambda e: e[0])
        cur_body, na, ni = it.body, 0, 0
        for t, kind, data in timeline:
            if t > end_t:
                break
            if kind == "submit":
                add(Event(t, 0, "submit", adder, f"报送：{it.title}",
                          {it.path: it.text(cur_body, 0, 0).encode("utf-8")}, item=it))
            elif kind == "branch":
                _f, merged, approvers, number = data   # type: ignore[misc]
                add(Event(t, 0, "branch", adder, f"报送：{it.title}",
                          {it.path: it.text(cur_body, 0, 0).encode("utf-8")}, item=it))
                clicker = rng.choice(office)
                msg = (f"Merge pull request '报送：{it.title}' (#{number}) from submit/{it.slug} into main\n\n"
                       f"报送：{it.title}\n\n" + "\n".join(f"Approved-by: {n} <{e}>" for n, e in approvers))
                add(Event(merged, 0, "merge", clicker.who(), msg, {it.path: it.text(cur_body, 0, 0).encode("utf-8")},
                          item=it, committer=FORGE, approvers=approvers))
            elif kind in ("revise", "edit"):
                cur_body = str(data)
                msg = (f"修改：{it.title}（根据审核意见修改）" if kind == "revise"
                       else f"修改：{it.title}（更新数据）")
                add(Event(t, 0, "edit", adder, msg, {it.path: it.text(cur_body, na, ni).encode("utf-8")}, item=it))
            elif kind == "record":
                na, ni, what, idx = data   # type: ignore[misc]
                files = {it.path: it.text(cur_body, na, ni).encode("utf-8")}
                if what == "a":
                    outlet, a_day, ev = it.adoptions[idx]
                    name = next(o[1] for o in OUTLETS if o[0] == outlet)
                    if ev and not ev.startswith("http"):
                        files[ev] = _PNG if ev.endswith(".png") else _pdf(f"{outlet} {a_day.isoformat()} {it.slug}")
                    msg = f"记录采用：{it.title}\n\n- {name} {a_day.isoformat()} 采用"
                else:
                    level, by, i_day, ev = it.instructions[idx]
                    files[ev] = _pdf(f"pishi {i_day.isoformat()} {it.slug}")
                    msg = f"记录批示：{it.title}\n\n- {by} {i_day.isoformat()} 批示"
                recorder = author.who(it.email_n) if rng.random() < 0.7 else rng.choice(office).who()
                add(Event(t, 0, "record", recorder, msg, files, item=it))
        # The text as it ends up: what was recorded by the end.
        it.body = cur_body
        it.adoptions = it.adoptions[:na]
        it.instructions = it.instructions[:ni]

    # ---- approvals: one commit per approver, stage and day (at most MAX_FILES_PER_APPROVAL files)
    groups: dict[tuple[str, str, dt.date], list[tuple[dt.datetime, Item]]] = {}
    for t, pid, st, it in raw_approvals:
        if t <= end_t:
            groups.setdefault((pid, st or "-", t.date()), []).append((t, it))
    verb = {"unit": "审核通过", "office": "审核通过", "leader": "签发", "chief": "审定", "-": "审核通过"}
    for (pid, st, _day), rows in sorted(groups.items(), key=lambda kv: (kv[1][0][0], kv[0])):
        rows.sort(key=lambda r: (r[0], r[1].path))
        for i in range(0, len(rows), MAX_FILES_PER_APPROVAL):
            chunk = rows[i:i + MAX_FILES_PER_APPROVAL]
            paths = list(dict.fromkeys(r[1].path for r in chunk))
            titles = list(dict.fromkeys(r[1].title for r in chunk))
            subject = f"{verb[st]}：{titles[0]}" + (f"等{len(paths)}篇" if len(paths) > 1 else "")
            body = ("\n".join(f"- {x}" for x in titles) + "\n\n") if len(paths) > 1 else ""
            trailers = "\n".join(f"Approve: {p}" for p in paths) + (f"\nStage: {st}" if st != "-" else "")
            add(Event(chunk[-1][0], 0, "approve", by_id[pid].who(), f"{subject}\n\n{body}{trailers}"))

    events.sort(key=lambda e: (e.t, e.seq))
    return Plan(opts, people, units, inactive_since, sol_files, items, events, first_files)


# =========================================================================== writing

def _ident(who: tuple[str, str], t: dt.datetime) -> bytes:
    name = who[0].replace("<", "").replace(">", "").replace("\n", " ")
    return f"{name} <{who[1]}> {int(t.timestamp())} +0800".encode("utf-8")


def _stream(plan_: Plan, progress: Progress | None) -> Iterator[bytes]:
    """The fast-import stream of the plan's events (main plus one scratch ref for merge requests)."""
    mark = 0
    main_mark: int | None = None
    branch_marks: dict[str, int] = {}
    png_mark = None
    total = len(plan_.events)
    for n, ev in enumerate(plan_.events):
        if progress and n % 2000 == 0:
            progress("writing history", n, total)
        out: list[bytes] = []
        files = ev.files
        if png_mark is None and any(v is _PNG for v in files.values()):
            mark += 1
            png_mark = mark
            out.append(b"blob\nmark :%d\ndata %d\n" % (mark, len(_PNG)) + _PNG + b"\n")
        mark += 1
        msg = ev.message.encode("utf-8") + b"\n"
        if ev.kind == "branch":
            assert ev.item is not None
            ref = SCRATCH_REF.encode()
            out.append(b"commit " + ref + b"\nmark :%d\n" % mark)
        else:
            out.append(b"commit refs/heads/main\nmark :%d\n" % mark)
        out.append(b"author " + _ident(ev.who, ev.t) + b"\n")
        out.append(b"committer " + _ident(ev.committer or ev.who, ev.t) + b"\n")
        out.append(b"data %d\n" % len(msg) + msg)
        if ev.kind == "branch":
            if main_mark is not None:
                out.append(b"from :%d\n" % main_mark)
            assert ev.item is not None
            branch_marks[ev.item.path] = mark
        elif ev.kind == "merge":
            assert ev.item is not None
            out.append(b"merge :%d\n" % branch_marks.pop(ev.item.path))
            # ev.files: the merged file as the branch had it, added to main's tree.
        for path, data in files.items():
            if data is _PNG and png_mark is not None:
                out.append(b"M 100644 :%d %s\n" % (png_mark, path.encode("utf-8")))
            else:
                out.append(b"M 100644 inline %s\ndata %d\n" % (path.encode("utf-8"), len(data)) + data + b"\n")
        out.append(b"\n")
        if ev.kind != "branch":
            main_mark = mark
        yield b"".join(out)
    if progress:
        progress("writing history", total, total)


def _git(cwd: Path, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.run(["git", "-c", "core.autocrlf=false", "-c", "core.quotePath=false", *args], cwd=cwd,
                          input=input, capture_output=True)
    if proc.returncode != 0:
        raise BulletinError(msg("demo.git_failed", what=' '.join(args[:2]),
                                detail=proc.stderr.decode('utf-8', 'replace').strip()))
    return proc


def write(plan_: Plan, out: Path, progress: Progress | None = None) -> DemoResult:
    """Replay ``plan_`` into a new git repository at ``out`` (which must not exist or be empty)."""
    started = time.monotonic()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BulletinError(msg("demo.exists", out=out))
    out.mkdir(parents=True, exist_ok=True)
    _git(out, "init", "-q", "-b", "main")
    proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=out, stdin=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stderr is not None
    try:
        for chunk in _stream(plan_, progress):
            proc.stdin.write(chunk)
        proc.stdin.write(b"done\n")
        proc.stdin.close()
    except BrokenPipeError:
        pass
    err = proc.stderr.read().decode("utf-8", "replace")
    if proc.wait() != 0:
        raise BulletinError(msg("demo.git_failed", what="fast-import", detail=err.strip()))
    if _git(out, "for-each-ref", SCRATCH_REF).stdout.strip():
        _git(out, "update-ref", "-d", SCRATCH_REF)
    if progress:
        progress("checking out the working tree", 0, 1)
    _git(out, "reset", "--hard", "-q", "main")
    if progress:
        progress("checking out the working tree", 1, 1)
    commits = int(_git(out, "rev-list", "--count", "HEAD").stdout.strip())
    evidence = sum(1 for ev in plan_.events if ev.kind == "record" for p in ev.files if p.startswith("evidence/"))
    return DemoResult(out, commits, len(plan_.items), len(plan_.solicitations), evidence, len(plan_.people),
                      len(plan_.units), time.monotonic() - started)


def make_demo(out: Path, options: DemoOptions, progress: Progress | None = None) -> DemoResult:
    """Plan and write a demo instance at ``out``."""
    started = time.monotonic()
    if progress:
        progress("planning", 0, 1)
    p = plan(options)
    if progress:
        progress("planning", 1, 1)
    result = write(p, out, progress)
    return DemoResult(result.path, result.commits, result.submissions, result.solicitations, result.evidence,
                      result.people, result.units, time.monotonic() - started)


__all__ = ["DemoOptions", "DemoResult", "plan", "write", "make_demo", "minimum_people"]
