"""Working-day clock and the Chinese text of synthetic submissions."""
from __future__ import annotations

import datetime as dt
import random

from .model import (
    CITY,
    CN_NUM,
    GOALS,
    LEAD_VERBS,
    MEASURES,
    NEXT_STEPS,
    ORG_SHORT,
    PARTY_THEMES,
    PLATFORMS,
    PRINCIPLES,
    PROBLEMS,
    PURPOSES,
    RED_PLACES,
    STATS,
    SUGGESTIONS,
    TZ,
    Unit,
)

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
