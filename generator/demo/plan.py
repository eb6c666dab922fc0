"""Planning a synthetic bureau's history: every commit, in order, before anything is written."""
from __future__ import annotations

import bisect
import datetime as dt
import random
from typing import cast

from ..errors import UsageError
from ..messages import msg
from .files import (
    _GITIGNORE,
    _MKDOCS_YML,
    _OUTLET_CUM,
    _PNG,
    _README,
    OUTLETS,
    _pdf,
    _scoring_yaml,
    _units_yaml,
)
from .model import (
    FORGE,
    MAX_FILES_PER_APPROVAL,
    OPINION_ISSUES,
    PISHI_BY,
    TOPICS,
    DemoOptions,
    Event,
    Item,
    Person,
    Plan,
    Unit,
    _leader_count,
    _make_people,
    _make_units,
    minimum_people,
)
from .text import _at, _body, _Clock, _next_workday, _title

# --------------------------------------------------------------------------- planning

def plan(opts: DemoOptions) -> Plan:
    """Everything the history will hold, as dated events (deterministic for ``opts``)."""
    if opts.units < 2:
        raise UsageError(msg("demo.units"))
    if opts.people is not None and opts.people < minimum_people(opts.units):
        raise UsageError(msg("demo.people", people=opts.people, units=opts.units,
                             minimum=minimum_people(opts.units), leaders=_leader_count(opts.units)))
    if opts.submissions < 1:
        raise UsageError(msg("demo.submissions"))
    p = _Planner(opts)
    p.configuration()
    answers = p.solicitations()
    p.make_items(answers)
    p.assign_fates()
    for it in p.items:
        p.item_events(it)
    p.approvals()
    p.events.sort(key=lambda e: (e.t, e.seq))
    return Plan(opts, p.people, p.units, p.inactive_since, p.sol_files, p.items, p.events, p.first_files)


# (when, kind, data): the content changes of one item, in order
Timeline = list[tuple[dt.datetime, str, object]]
# when, unit, solicitation id, topic, title
Answer = tuple[dt.datetime, Unit, str, str, str]


class _Planner:
    """The state of one plan, filled phase by phase (the random draws happen in the order of the phases)."""

    def __init__(self, opts: DemoOptions):
        self.opts = opts
        self.rng = rng = random.Random(opts.seed)
        self.clock = _Clock(rng)
        self.units = _make_units(opts, rng)
        self.people = _make_people(opts, self.units, rng)
        self.by_id = {p.id: p for p in self.people}
        self.unit_by_id = {u.id: u for u in self.units}
        self.office = [p for p in self.people if "office" in p.roles]
        self.chief = next(p for p in self.people if "chief" in p.roles)
        self.end_t = _at(opts.end, 24 * 60 - 1)
        days = [opts.start + dt.timedelta(days=i) for i in range((opts.end - opts.start).days + 1)]
        self.workdays = [d for d in days if d.weekday() < 5]
        self.events: list[Event] = []
        self.inactive: Unit | None = None
        self.inactive_since: dt.datetime | None = None
        self.first_files: dict[str, bytes] = {}
        self.sol_files: list[tuple[str, str, bytes, dt.datetime, tuple[str, str]]] = []
        self.items: list[Item] = []
        self.raw_approvals: list[tuple[dt.datetime, str, str | None, Item]] = []   # when, approver, stage, item
        self.mr_number = 0

    def add(self, ev: Event) -> None:
        if ev.t <= self.end_t:
            ev.seq = len(self.events)
            self.events.append(ev)

    def active_at(self, u: Unit, t: dt.datetime) -> bool:
        return u is not self.inactive or self.inactive_since is None or t < self.inactive_since

    # ---- configuration: set-up, one unit leaves the rankings, a scoring commit each new year
    def configuration(self) -> None:
        opts, units, people, office = self.opts, self.units, self.people, self.office
        start, end = opts.start, opts.end
        inactive = self.inactive = units[-1] if len(units) >= 6 else None
        setup_t = _at(start, 9 * 60 + 5) - dt.timedelta(days=3)
        self.first_files = {
            "units.yaml": _units_yaml(people, units, {inactive.id: True} if inactive else {}).encode("utf-8"),
            "scoring.yaml": _scoring_yaml(start.year).encode("utf-8"),
            "mkdocs.yml": _MKDOCS_YML.encode("utf-8"),
            "README.md": _README.replace("{year}", str(end.year)).encode("utf-8"),
            ".gitignore": _GITIGNORE.encode("utf-8"),
        }
        self.add(Event(setup_t, 0, "config", office[0].who(), "建立信息宣传工作台账：单位人员、审核流程和积分办法",
                       dict(self.first_files)))
        for year in range(start.year + 1, end.year + 1):
            self.add(Event(_at(dt.date(year, 1, 2), 9 * 60 + 40), 0, "config", office[0].who(),
                           f"更新{year}年度信息宣传工作积分办法", {"scoring.yaml": _scoring_yaml(year).encode("utf-8")}))
        if inactive is not None:
            day = self.workdays[len(self.workdays) * 2 // 3]
            self.inactive_since = _at(day, 10 * 60 + 15)
            inactive.active = False
            self.add(Event(self.inactive_since, 0, "config", office[0].who(),
                           f"调整单位：{inactive.name}划转，停止参加排名",
                           {"units.yaml": _units_yaml(people, units, {}).encode("utf-8")}))

    # ---- solicitations and their answers
    def solicitations(self) -> list[Answer]:
        """The solicitations, and the answers units will send (when, unit, id, topic, title)."""
        opts, rng, units, office, workdays, end_t = (self.opts, self.rng, self.units, self.office, self.workdays,
                                                     self.end_t)
        n_sol = max(1, round(opts.submissions / 60))
        answers: list[Answer] = []
        per_year: dict[int, int] = {}
        sol_days = sorted(rng.choice(workdays[:-2] or workdays) for _ in range(n_sol))
        budget_answers = max(1, opts.submissions * 15 // 100)
        for day in sol_days:
            per_year[day.year] = per_year.get(day.year, 0) + 1
            sid = f"{day.year}-{per_year[day.year]:03d}"
            issued_t = _at(day, rng.randint(9 * 60, 16 * 60))
            group_units = [u for u in units if self.active_at(u, issued_t)]
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
            self.sol_files.append((sid, path, text.encode("utf-8"), issued_t, who.who()))
            self.add(Event(issued_t, 0, "solicitation", who.who(), f"发布约稿：{title}", {path: text.encode("utf-8")}))
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
                if when <= end_t and self.active_at(u, when):
                    answers.append((when, u, sid, topic, f"{u.name}{topic}工作情况"))
        return answers

    # ---- the items
    def make_items(self, answers: list[Answer]) -> None:
        opts, rng, units, unit_by_id, workdays = self.opts, self.rng, self.units, self.unit_by_id, self.workdays
        items = self.items
        unit_cum: list[float] = []
        for u in units:
            unit_cum.append((unit_cum[-1] if unit_cum else 0.0) + u.weight)
        n_regular = max(0, opts.submissions - len(answers))
        width = max(5, len(str(opts.submissions)))
        specs: list[tuple[dt.datetime, Unit, str | None, str | None, str | None]] = []
        for _ in range(n_regular):
            day = rng.choice(workdays)
            t = _at(day, rng.randint(8 * 60 + 30, 17 * 60 + 30))
            while True:
                u = units[bisect.bisect(unit_cum, rng.random() * unit_cum[-1])]
                if self.active_at(u, t):
                    break
            specs.append((t, u, None, None, None))
        specs += [(t, u, sid, topic, title) for t, u, sid, topic, title in answers]
        specs.sort(key=lambda s: s[0])
        for n, (t, u, sol_id, sol_topic, sol_title) in enumerate(specs):
            day = t.date()
            if sol_id:
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
            joint = not sol_id and len(units) > 2 and rng.random() < 0.03
            item_units = [u.id]
            if joint:
                other = rng.choice([x for x in units if x is not u and self.active_at(x, t)] or [u])
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
                        tags=list(tags), solicitation=sol_id, submitted=t)
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
    def assign_fates(self) -> None:
        rng, items, end_t = self.rng, self.items, self.end_t

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
    def item_events(self, it: Item) -> None:
        """The item's commits: submission (or a forge branch and merge), revisions, approvals (collected
        for approvals()), and the adoptions and 批示 recorded after the fact."""
        lead = self.unit_by_id[it.units[0]]
        author = self.by_id[it.authors[0]]
        urgent_now = it.urgent and it.event_date == it.submitted.date()
        timeline: Timeline = []
        last_review = self._review(it, lead, urgent_now, timeline)
        # adoptions and 批示 (only of items that complete review), recorded after the fact
        if it.fate in ("approved", "reapproved", "backflow", "self") and not it.draft:
            self._outputs(it, last_review, timeline)
        self._content_events(it, author, timeline)

    def _stage_plan(self, it: Item, lead: Unit, urgent_now: bool, after: dt.datetime
                    ) -> tuple[list[tuple[dt.datetime, str, str | None]], dt.datetime]:
        """Approvals (when, approver id, Stage or None) of the required stages, after ``after``."""
        rng, clock, office = self.rng, self.clock, self.office
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
            steps.append((last, self.chief.id, "chief"))
        return steps, last

    def _review(self, it: Item, lead: Unit, urgent_now: bool, timeline: Timeline) -> dt.datetime:
        """Submission, revisions and approvals of the item; returns when its review ended."""
        rng, clock = self.rng, self.clock
        t0 = it.submitted
        body = it.body
        if it.draft:
            timeline.append((t0, "submit", None))
            return t0
        start_review = t0
        if not it.forge and rng.random() < 0.05:   # revised before anyone approved
            t_rev = t0 + dt.timedelta(minutes=rng.randint(10, 60))
            timeline.append((t0, "submit", None))
            body = body.replace("。\n", "，相关工作正在有序推进。\n", 1)
            timeline.append((t_rev, "revise", body))
            start_review = t_rev
        else:
            timeline.append((t0, "submit", None))
        steps, last_review = self._stage_plan(it, lead, urgent_now, start_review)
        if it.fate == "pending":
            steps = steps[:-1] if len(steps) > 1 else []
        if it.fate == "self":
            steps.append((clock.soon(steps[0][0], 5, 30), it.authors[0], "unit"))
        if it.forge:
            self.mr_number += 1
            merged = max(t for t, _, _ in steps) + dt.timedelta(minutes=rng.randint(5, 60))
            approvers = []
            for _t, pid, _s in steps:
                if self.by_id[pid].who() not in approvers:
                    approvers.append(self.by_id[pid].who())
            it_events = ("forge", merged, approvers, self.mr_number)
            timeline[0] = (t0, "branch", it_events)
            last_review = merged
        else:
            for t, pid, st in steps:
                self.raw_approvals.append((t, pid, st, it))
        if it.fate in ("stale", "reapproved"):
            t_edit = clock.next_day(last_review, 9, 17, days=rng.randint(2, 8))
            body = body.rstrip("\n") + f"\n\n（截至{t_edit.month}月{t_edit.day}日，相关数据已更新。）\n"
            timeline.append((t_edit, "edit", body))
            if it.fate == "reapproved":
                steps2, last_review = self._stage_plan(it, lead, urgent_now, t_edit)
                for t, pid, st in steps2:
                    self.raw_approvals.append((t, pid, st, it))
            else:
                last_review = t_edit
        return last_review

    def _outputs(self, it: Item, last_review: dt.datetime, timeline: Timeline) -> None:
        """The item's adoptions and 批示, and when each is recorded."""
        rng = self.rng
        t0 = it.submitted
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

    def _content_events(self, it: Item, author: Person, timeline: Timeline) -> None:
        """The content events of the item, with the file text at each."""
        rng, office = self.rng, self.office
        adder = author.who(it.email_n)
        timeline.sort(key=lambda e: e[0])
        cur_body, na, ni = it.body, 0, 0
        for t, kind, data in timeline:
            if t > self.end_t:
                break
            if kind == "submit":
                self.add(Event(t, 0, "submit", adder, f"报送：{it.title}",
                               {it.path: it.text(cur_body, 0, 0).encode("utf-8")}, item=it))
            elif kind == "branch":
                _f, merged, approvers, number = cast("tuple[str, dt.datetime, list[tuple[str, str]], int]", data)
                self.add(Event(t, 0, "branch", adder, f"报送：{it.title}",
                               {it.path: it.text(cur_body, 0, 0).encode("utf-8")}, item=it))
                clicker = rng.choice(office)
                message = (f"Merge pull request '报送：{it.title}' (#{number}) from submit/{it.slug} into main\n\n"
                           f"报送：{it.title}\n\n" + "\n".join(f"Approved-by: {n} <{e}>" for n, e in approvers))
                self.add(Event(merged, 0, "merge", clicker.who(), message,
                               {it.path: it.text(cur_body, 0, 0).encode("utf-8")},
                               item=it, committer=FORGE, approvers=approvers))
            elif kind in ("revise", "edit"):
                cur_body = str(data)
                message = (f"修改：{it.title}（根据审核意见修改）" if kind == "revise"
                           else f"修改：{it.title}（更新数据）")
                self.add(Event(t, 0, "edit", adder, message, {it.path: it.text(cur_body, na, ni).encode("utf-8")},
                               item=it))
            elif kind == "record":
                na, ni, what, idx = cast("tuple[int, int, str, int]", data)
                files = {it.path: it.text(cur_body, na, ni).encode("utf-8")}
                if what == "a":
                    outlet, a_day, adopted_ev = it.adoptions[idx]
                    ev = adopted_ev or ""
                    name = next(o[1] for o in OUTLETS if o[0] == outlet)
                    if ev and not ev.startswith("http"):
                        files[ev] = _PNG if ev.endswith(".png") else _pdf(f"{outlet} {a_day.isoformat()} {it.slug}")
                    message = f"记录采用：{it.title}\n\n- {name} {a_day.isoformat()} 采用"
                else:
                    level, by, i_day, ev = it.instructions[idx]
                    files[ev] = _pdf(f"pishi {i_day.isoformat()} {it.slug}")
                    message = f"记录批示：{it.title}\n\n- {by} {i_day.isoformat()} 批示"
                recorder = author.who(it.email_n) if rng.random() < 0.7 else rng.choice(office).who()
                self.add(Event(t, 0, "record", recorder, message, files, item=it))
        # The text as it ends up: what was recorded by the end.
        it.body = cur_body
        it.adoptions = it.adoptions[:na]
        it.instructions = it.instructions[:ni]

    # ---- approvals: one commit per approver, stage and day (at most MAX_FILES_PER_APPROVAL files)
    def approvals(self) -> None:
        groups: dict[tuple[str, str, dt.date], list[tuple[dt.datetime, Item]]] = {}
        for t, pid, st, it in self.raw_approvals:
            if t <= self.end_t:
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
                self.add(Event(chunk[-1][0], 0, "approve", self.by_id[pid].who(), f"{subject}\n\n{body}{trailers}"))


# =========================================================================== writing
