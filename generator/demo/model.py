"""The synthetic bureau's options, word banks, people, units, events and items."""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

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
    item: Item | None = None
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
    for u, w in zip(units, weights, strict=False):
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
