"""Records + scores -> the site's pages (Markdown and HTML through site_templates/).

Pure: :func:`render_pages` takes the gathered :class:`SiteData` and returns
every page and download as ``{path inside docs/: text or bytes}``. Only what
is approved, valid and not a draft becomes an article; bodies are rendered
and sanitised here, and titles are made harmless before mkdocs sees them.
"""
from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import jinja2
import markdown as md
import nh3
from markupsafe import Markup

from ..documents.sections import cn_number, comparable_previous, has_activity, rank_change, section_views
from ..documents.report import scores_csv, scores_xlsx
from ..errors import Problem
from ..i18n import bulletin_title, period_title, reason_text, translator
from ..judge.review import IGNORED, STALE, ReviewState
from ..judge.scoring import (
    ADOPTION,
    SOL_LATE,
    SOL_MISSED,
    SOL_ON_TIME,
    Awards,
    Entry,
    Item,
    PersonRow,
    Scores,
    UnitRow,
    day_of,
    solicitation_deadline,
    solicitation_targets,
)
from ..judge.worklist import (
    PERSON_TARGET,
    REVIEW,
    REVISE,
    SOLICITATION,
    UNIT_TARGET,
    build_worklist,
    describe,
)
from ..learning import TARGET_LABELS, below_target_text, figures_from, percent
from ..numbers import fmt_num, fmt_percent, fmt_value
from ..periods import HALF, MONTH, QUARTER, YEAR, Period
from ..read.bulletins import bulletin_title as official_title
from ..read.evidence import published_evidence
from ..read.safety import marking_in
from . import charts
from .data import SiteData
from .escape import md_text, md_url, safe_title, safe_url, template_env
from .ical import calendar_ics, person_ics
from .pagecache import KeptPages
from ..documents.officedoc import fmt
from ..read.bulletins import period_words

PAGE_SIZE = 50
# Templates that are one raw HTML block: their values are escaped for HTML, not Markdown.
HTML_TEMPLATES = frozenset({"article.md.j2"})

_ALLOWED_TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
                 "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
                 "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table",
                 "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"}
# No "id" (nor "name"): an element with the id "__config" (or any id the theme looks up) would
# take over mkdocs-material's configuration; article bodies need no anchors of their own.
_ALLOWED_ATTRS = {"*": {"class", "title"}, "a": {"href"}, "img": {"src", "alt", "width", "height"},
                  "td": {"align", "colspan", "rowspan"}, "th": {"align", "colspan", "rowspan", "scope"},
                  "ol": {"start"}}
_URL_NOISE = re.compile(r"[\t\n\r]")


def inside_site(url: str) -> bool:
    """True when a browser would resolve ``url`` to the site itself (no scheme, no other host).

    Browsers drop tabs and newlines from URLs, ignore leading control characters and spaces, and
    read a backslash as a slash: ``\\\\host/x``, ``/\\host/x`` and ``/\t/host`` all leave the site.
    """
    plain = _URL_NOISE.sub("", url).lstrip("".join(chr(c) for c in range(33))).replace("\\", "/")
    return not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", plain, re.IGNORECASE)


def _keep_attr(element: str, attribute: str, value: str) -> str | None:
    # No request may leave the site: drop images that point anywhere but inside it.
    if element == "img" and attribute == "src" and not inside_site(value):
        return None
    return value


def render_body(text: str) -> str:
    """Markdown body -> sanitised HTML (no scripts, handlers, frames or external images)."""
    raw = md.markdown(text, extensions=["tables", "fenced_code", "sane_lists"], output_format="html")
    return nh3.clean(raw, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRS, url_schemes={"http", "https", "mailto"},
                     attribute_filter=_keep_attr, link_rel="noopener noreferrer", strip_comments=True)


def rel(from_page: str, target: str) -> str:
    """Relative URL from the page ``from_page`` (a docs path) to ``target`` (a docs path)."""
    return _relpath(target, posixpath.dirname(from_page) or ".")


@functools.lru_cache(maxsize=1 << 16)
def _relpath(target: str, start: str) -> str:
    # A few folders link to the same pages thousands of times (40,000 calls at 5,000 articles).
    return posixpath.relpath(target, start)


def article_path(sub_path: str) -> str:
    """``submissions/2026/03/x.md`` -> ``articles/2026/03/x.md``."""
    return "articles/" + sub_path.split("/", 1)[1]


def _fraction(value: Any) -> Fraction | None:
    return None if value is None else Fraction(str(value))


def record_scores(rec: Any) -> Scores:
    """The figures of an issued bulletin (its SPEC 7 JSON) as :class:`Scores`: what every view of its period shows."""
    sc = rec.scores
    units = tuple(UnitRow(u["unit"], u["name"], _fraction(u["points"]) or Fraction(0),
                          _fraction(u["cumulative"]) or Fraction(0), u["rank"], u["cumulative_rank"], u["submitted"],
                          u["adopted"], _fraction(u.get("target")), bool(u["target_met"])) for u in sc["units"])
    people = tuple(PersonRow(x["person"], x["name"], x.get("unit"), _fraction(x["points"]) or Fraction(0),
                             _fraction(x["cumulative"]) or Fraction(0), x["rank"]) for x in sc["people"])
    entries = tuple(Entry(dt.date.fromisoformat(e["date"]), e["unit"], e["kind"], _fraction(e["points"]) or Fraction(0),
                          e.get("submission"), e.get("detail")) for e in sc.get("entries") or ())
    awards = sc.get("awards")
    return Scores(rec.period, dt.date.fromisoformat(sc.get("as_of") or rec.as_of.isoformat()), units, people,
                  entries, Awards(tuple(awards["units"]), tuple(awards["people"])) if awards else None)


# --------------------------------------------------------------------------- data

def _period_slug(p: Period) -> str:
    return p.label.lower()


class Pages:
    """Renders every page of the site into a dict."""

    def __init__(self, data: SiteData, lang: str = "zh", kept: KeptPages | None = None):
        self.d = data
        self.c = data.config
        self.lang = lang
        self.t = translator(lang)
        self.out: dict[str, str | bytes] = {}
        self.issued_documents: dict[str, dict[str, bytes]] = {}
        # Every {{ … }} is escaped for Markdown by default (escape.py); pages that are one raw HTML
        # block (HTML_TEMPLATES) escape for HTML instead.
        loader = jinja2.DictLoader(dict(data.templates))
        self.env = template_env(loader)
        self.html_env = template_env(loader, html_block=True)
        for env in (self.env, self.html_env):
            env.filters["num"] = lambda value: Markup(fmt_num(value))
            env.globals["t"] = self.tr
        self.items_by_path = {i.path: i for i in data.items}
        self.records = data.records
        self._record_scores: dict[Period, Scores] = {}
        self._notes: dict[Period, list[dict[str, Any]]] = {}
        self.points_by_item: dict[str, Fraction] = defaultdict(Fraction)
        self.entries_by_item: dict[str, list[Entry]] = defaultdict(list)
        self.item_days = [day_of(i.submitted_at, data.config.tz) for i in data.items]   # once, not per period
        self.memo = data.memo    # bodies and XLSX files of the previous build (pagecache.py)
        self.kept = kept if kept is not None else KeptPages()     # the last build's pages (pagecache.py)
        self.org = self.c.organization_short or self.c.organization_name
        self.kept.begin(lang, self.org, data.templates)
        for e in data.entries:
            if e.submission:
                self.points_by_item[e.submission] += e.points
                self.entries_by_item[e.submission].append(e)

    # ---- helpers
    def tr(self, key: str, **fields: Any) -> Markup:
        """Our own sentence (trusted), with the values put into it escaped for Markdown."""
        return Markup(self.t(key, **{k: md_text(v) for k, v in fields.items()}))

    def render(self, page: str, template: str, **context: Any) -> None:
        if page in self.out:
            raise AssertionError(f"page {page} rendered twice")   # a bug in the pages, not bad input
        kept = self.kept.text(page, self.kept.digest(page, template, context))
        if kept is not None:
            self.out[page] = kept
            return
        env = self.html_env if template in HTML_TEMPLATES else self.env
        tpl = env.get_template(template)
        self.out[page] = tpl.render(page=page, rel=lambda target: md_url(rel(page, target)), t=self.tr,
                                    org=self.org, **context)

    def unit_name(self, uid: str) -> str:
        u = self.c.units.get(uid)
        return u.name if u else uid

    def person_name(self, pid: str) -> str:
        p = self.c.people.get(pid)
        return p.name if p else pid

    def level_name(self, lid: str) -> str:
        return next((lv.name for lv in self.c.scoring.levels if lv.id == lid), lid)

    def category_name(self, cid: str) -> str:
        return next((c.name for c in self.c.scoring.categories if c.id == cid), cid)

    def outlet(self, oid: str) -> tuple[str, str]:
        o = self.c.scoring.outlets.get(oid)
        return (o.name, o.level) if o else (oid, "")

    def period_name(self, p: Period) -> str:
        number = {MONTH: p.first_month, QUARTER: (p.first_month - 1) // 3 + 1,
                  HALF: (p.first_month - 1) // 6 + 1, YEAR: 1}[p.kind]
        return period_title(p.label, p.kind, p.year, number, self.lang)

    def bulletin_name(self, p: Period) -> str:
        """A provisional bulletin bears the title it will have once issued (record.bulletin_title)."""
        if self.lang == "zh":
            return official_title(p)
        return bulletin_title(self.period_name(p), self.lang)

    def day(self, when: dt.datetime | None) -> str:
        return when.astimezone(self.c.tz).date().isoformat() if when else "—"

    def item_row(self, item: Item) -> dict[str, Any]:
        sub = item.submission
        return {"path": article_path(sub.path), "title": sub.title, "units": [self.unit_name(u) for u in sub.units],
                "category": self.category_name(sub.category), "date": self.day(item.submitted_at),
                "points": self.points_by_item.get(sub.path, Fraction(0))}

    # ---- pages
    def all(self) -> dict[str, str | bytes]:
        periods = self.d.periods()
        self.articles()
        self.article_lists()
        self.solicitations()
        self.opinions()
        self.plans()
        self.interviews()
        self.competitions()
        self.learning()
        self.bulletins(periods)
        self.rankings(periods)
        self.units(periods)
        self.out["calendar.ics"] = calendar_ics(self.d, self.lang)
        self.review()
        self.todo()
        self.organization()
        self.search()
        self.home(periods)
        return self.out

    def articles(self) -> None:
        for item in self.d.items:
            sub = item.submission
            page = article_path(sub.path)
            state = self.d.states[sub.path]
            trail = self.trail(state)
            adoptions = []
            for a in sub.adoptions:
                name, level = self.outlet(a.outlet)
                adoptions.append({"outlet": name, "level": self.level_name(level), "date": a.date.isoformat(),
                                  "evidence": self.evidence_link(page, a.evidence)})
            instructions = [{"level": self.level_name(x.level), "by": x.by, "date": x.date.isoformat(),
                             "evidence": self.evidence_link(page, x.evidence)} for x in sub.instructions]
            entries = self.entries_by_item.get(sub.path, [])
            self.render(page, "article.md.j2", sub=sub, item=item, title=safe_title(sub.title),
                        body=Markup(self.memo.body(sub.body, render_body)),
                        units=[(self.unit_name(u), f"units/{u}.md") for u in sub.units],
                        authors=[self.person_name(a) for a in item.authors],
                        category=self.category_name(sub.category), submitted=self.day(item.submitted_at),
                        approved=self.day(state.approved_at), trail=trail, adoptions=adoptions,
                        instructions=instructions,
                        entries=[{"date": e.date.isoformat(), "unit": self.unit_name(e.unit), "kind": self.t(e.kind),
                                  "points": fmt_num(e.points)} for e in entries],
                        points=self.points_by_item.get(sub.path, Fraction(0)))

    def evidence_link(self, page: str, evidence: str | None) -> str | None:
        if not evidence:
            return None
        url = safe_url(evidence)
        if url is not None:
            return str(md_url(url))
        path = evidence.lstrip("./")
        if path not in self.d.present:
            return None
        data = self.d.evidence.get(path)
        published = published_evidence(path, data) if data is not None else None
        if published is None:          # not a type the site serves (check says why)
            return None
        name, content = published
        self.out.setdefault(name, content)
        return str(md_url(rel(page, name)))

    def _paged(self, base: str, title: str, items: Sequence[Item], crumbs: Sequence[tuple[str, str]]) -> None:
        rows = sorted(items, key=lambda i: (i.submitted_at, i.path), reverse=True)
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        for n in range(pages):
            page = f"{base}.md" if n == 0 else f"{base}-{n + 1}.md"
            prev_page = None if n == 0 else (f"{base}.md" if n == 1 else f"{base}-{n}.md")
            next_page = f"{base}-{n + 2}.md" if n + 1 < pages else None
            self.render(page, "article_list.md.j2", title=title,
                        rows=[self.item_row(i) for i in rows[n * PAGE_SIZE:(n + 1) * PAGE_SIZE]],
                        number=n + 1, pages=pages, prev_page=prev_page, next_page=next_page, crumbs=crumbs)

    def article_lists(self) -> None:
        by_month: dict[str, list[Item]] = defaultdict(list)
        by_unit: dict[str, list[Item]] = defaultdict(list)
        by_cat: dict[str, list[Item]] = defaultdict(list)
        for item in self.d.items:
            by_month[self.day(item.submitted_at)[:7]].append(item)
            for u in item.submission.units:
                by_unit[u].append(item)
            by_cat[item.submission.category].append(item)
        months = sorted(by_month, reverse=True)
        for m in months:
            self._paged(f"articles/by-month/{m}", m, by_month[m], [])
        for u in sorted(by_unit):
            self._paged(f"articles/by-unit/{u}", self.unit_name(u), by_unit[u], [])
        for cat in sorted(by_cat):
            self._paged(f"articles/by-category/{cat}", self.category_name(cat), by_cat[cat], [])
        recent = sorted(self.d.items, key=lambda i: (i.submitted_at, i.path), reverse=True)[:20]
        self.render("articles/index.md", "articles_index.md.j2",
                    months=[(m, f"articles/by-month/{m}.md", len(by_month[m])) for m in months],
                    units=[(self.unit_name(u), f"articles/by-unit/{u}.md", len(by_unit[u])) for u in sorted(by_unit)],
                    categories=[(self.category_name(c), f"articles/by-category/{c}.md", len(by_cat[c]))
                                for c in sorted(by_cat)],
                    recent=[self.item_row(i) for i in recent], total=len(self.d.items))

    # ---- rankings and bulletins
    def unit_rows(self, scores: Scores, previous: Scores | None,
                  notes: Sequence[Mapping[str, Any]] = ()) -> list[dict[str, Any]]:
        before = {r.unit: r.rank for r in previous.units} if previous else {}
        rows = []
        for r in scores.units:
            change = "—"
            if r.unit in before and before[r.unit] != r.rank:
                delta = before[r.unit] - r.rank
                change = f"↑{delta}" if delta > 0 else f"↓{-delta}"
            rows.append({"rank": r.rank, "unit": r.name, "id": r.unit, "points": r.points, "cumulative": r.cumulative,
                         "cumulative_rank": r.cumulative_rank, "change": change, "submitted": r.submitted,
                         "adopted": r.adopted, "target": r.target, "target_met": r.target_met,
                         "marks": self.marks(notes, "unit", r.unit)})
        return rows

    def people_rows(self, scores: Scores, notes: Sequence[Mapping[str, Any]] = ()) -> list[dict[str, Any]]:
        return [{"rank": r.rank, "name": r.name, "unit": self.unit_name(r.unit) if r.unit else "",
                 "points": r.points, "cumulative": r.cumulative, "marks": self.marks(notes, "person", r.person)}
                for r in scores.people]

    def previous_scores(self, p: Period) -> Scores | None:
        """The comparable earlier period's scores (sections.comparable_previous): the same year for months,
        quarters and halves, and one in which anything happened (none for the first year)."""
        prev = comparable_previous(p, True)
        if prev is None or prev.start > self.d.as_of:
            return None
        scores = self.view_scores(prev)
        return scores if has_activity(scores) else None

    # ---- one truth: an issued period shows its bulletin's figures, and 更正 notes where the repository differs
    def issued_records(self) -> Mapping[Period, Any]:
        return self.records.in_force if self.records else {}

    def view_scores(self, p: Period) -> Scores:
        """The figures every view shows for ``p``: its issued bulletin's, else the live ones (provisional)."""
        rec = self.issued_records().get(p)
        if rec is None:
            return self.d.scores_for(p)
        if p not in self._record_scores:
            self._record_scores[p] = record_scores(rec)
        return self._record_scores[p]

    def figure_status(self, p: Period) -> dict[str, Any]:
        """Whether the figures of ``p`` are issued (with the bulletin's number and days) or provisional."""
        rec = self.issued_records().get(p)
        if rec is None:
            return {"issued": False, "text": self.t("provisional_figures", as_of=min(self.d.as_of, p.end).isoformat())}
        return {"issued": True, "path": f"bulletins/{_period_slug(p)}.md", "title": rec.title,
                "text": self.t("issued_figures", number=rec.number or rec.title, issued=rec.issued.isoformat(),
                               as_of=rec.as_of.isoformat())}

    def cause_text(self, c: Any) -> str:
        return "；".join(self.t("correction_cause", subject=x.subject, commit=x.short, date=x.date)
                        for x in c.commits) or self.t("rule_change")

    def figure_notes(self, p: Period) -> list[dict[str, Any]]:
        """The 更正 notes on the figures of issued period ``p``, numbered: corrections later bulletins published,
        then what the repository gives differently now (what the next bulletin will carry)."""
        if p in self._notes:
            return self._notes[p]
        rec = self.issued_records().get(p)
        notes: list[dict[str, Any]] = []
        if rec is not None and self.records is not None:
            carriers = sorted((r for r in self.records.all if r is not rec),
                              key=lambda r: (r.issued, r.period, r.revision))
            for carrier in carriers:
                for c in carrier.corrections:
                    if c.period == p.label and c.revision == rec.revision:
                        notes.append({"key": c.key, "text": self.t(
                            "correction_published", name=c.name, field=self.field_name(c),
                            old=self.correction_value(c, c.old), new=self.correction_value(c, c.new),
                            number=carrier.number or carrier.period.label, cause=self.cause_text(c))})
            for c in self.d.corrections.get(p, []):
                notes.append({"key": c.key, "text": self.t(
                    "correction_pending", name=c.name, field=self.field_name(c), old=self.correction_value(c, c.old),
                    new=self.correction_value(c, c.new), cause=self.cause_text(c))})
        for n, note in enumerate(notes, start=1):
            note["n"] = n
            note["mark"] = self.t("correction_mark", n=n)
        self._notes[p] = notes
        return notes

    @staticmethod
    def marks(notes: Sequence[Mapping[str, Any]], subject: str, ident: str) -> dict[str, str]:
        """field -> the 〔更正n〕 marks to print next to that figure of ``ident``."""
        out: dict[str, str] = defaultdict(str)
        for note in notes:
            if note["key"][0] == subject and note["key"][1] == ident:
                out[note["key"][2]] += note["mark"]
        return dict(out)

    def bulletin_context(self, p: Period) -> dict[str, Any]:
        s = self.d.scores_for(p)
        entries = list(s.entries)
        adoption_entries = [e for e in entries if e.kind == ADOPTION]
        by_level: dict[str, list[dict[str, Any]]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        for e in adoption_entries:
            key = (e.submission or "", e.detail or "")
            if key in seen:
                continue  # a joint item makes one entry per unit
            seen.add(key)
            name, level = self.outlet(e.detail or "")
            item = self.items_by_path.get(e.submission or "")
            by_level[level].append({"title": item.submission.title if item else e.submission,
                                    "path": article_path(e.submission) if e.submission else None,
                                    "units": [self.unit_name(u) for u in item.submission.units] if item else [],
                                    "outlet": name, "date": e.date.isoformat()})
        levels = [(lv.name, by_level.get(lv.id, [])) for lv in self.c.scoring.levels]
        level_counts = Counter({lv.name: len(by_level.get(lv.id, [])) for lv in self.c.scoring.levels})
        instructions = []
        seen_ins: set[tuple[str, str, str]] = set()
        for e in entries:
            if e.kind == "instruction" and e.submission:
                ins_key = (e.submission, e.detail or "", e.date.isoformat())
                if ins_key in seen_ins:
                    continue
                seen_ins.add(ins_key)
                item = self.items_by_path.get(e.submission)
                by = next((x.by for x in item.submission.instructions
                           if x.date == e.date and x.level == e.detail), "") if item else ""
                instructions.append({"title": item.submission.title if item else e.submission,
                                     "path": article_path(e.submission), "level": self.level_name(e.detail or ""),
                                     "by": by, "date": e.date.isoformat()})
        unit_rows = self.unit_rows(s, self.previous_scores(p))
        below = [r for r in unit_rows if r["target"] is not None and not r["target_met"]]
        submitted = sum(1 for day in self.item_days if p.contains(day))
        top = [r["unit"] for r in unit_rows if r["rank"] <= 3 and r["points"] > 0]
        compliance = self.solicitation_compliance(p)
        awards = None
        if s.awards is not None:
            awards = {"units": [self.unit_name(u) for u in s.awards.units],
                      "people": [f"{self.person_name(x)}（{self.unit_name(self.c.people[x].unit or '')}）"
                                 if x in self.c.people else x for x in s.awards.people]}
        acts = self.d.acts
        assert acts is not None
        plan_end = min(p.end, self.d.as_of)
        overdue_plans = [{"unit": self.unit_name(ps.item.unit), "topic": ps.item.topic,
                          "when": ps.item.end.isoformat()} for ps in acts.plans
                         if not ps.covered_by and ps.item.end < plan_end and ps.item.end.year == p.year]
        competitions = [c for c in self.competition_rows if p.contains(c["date"])]
        opinions_late = [{"title": st.opinion.title, "unit": "、".join(self.unit_name(u) for u in st.opinion.units),
                          # every reason: a report and a reply can both be late
                          "why": ("、" if self.lang == "zh" else ", ").join([self.t("late_report")] * st.report_late + [self.t("late_reply")] * st.reply_late)}
                         for st in acts.opinions.values()
                         if not st.opinion.draft and p.contains(st.opinion.found_at.date())
                         and (st.report_late or st.reply_late)]
        name = self.period_name(p)
        return {"period": p, "name": name, "overdue_plans": overdue_plans, "competitions": competitions,
                "learning": self.learning_below(p),
                "opinions_late": opinions_late, "title": self.bulletin_name(p), "scores": s,
                "unit_rows": unit_rows, "people_rows": self.people_rows(s)[:30], "below": below,
                "levels": levels, "adoptions": sum(level_counts.values()), "level_counts": level_counts,
                "instructions": instructions, "submitted": submitted, "top": top, "compliance": compliance,
                "awards": awards, "as_of": min(self.d.as_of, p.end).isoformat(),
                "provisional": True, "slug": _period_slug(p),
                "chart_points": Markup(charts.bar_chart(
                    [(r["unit"], float(r["points"])) for r in unit_rows],
                    title=f"{name} · {self.t('chart_points')}")),
                "chart_levels": Markup(charts.bar_chart(
                    [(lv, float(level_counts[lv])) for lv, _ in levels], title=self.t("chart_levels"))),
                "chart_target": Markup(charts.bar_chart(
                    [(r["unit"], float(r["cumulative"])) for r in unit_rows],
                    title=self.t("cumulative"), marks=[float(r["target"]) if r["target"] is not None else None
                                                       for r in unit_rows], mark_label=self.t("chart_target")))}

    # ---- 学习强国
    def learning(self) -> None:
        months = sorted(self.d.learning_months, reverse=True)
        sections = []
        for month in months[:12]:
            fig = figures_from(self.d.learning_months, self.c, month)
            if fig is None:
                continue
            rows = [{"name": g.name, "people": g.people, "registration": percent(g.registration_rate),
                     "login": percent(g.daily_login_rate),
                     "cadres_below": "、".join(f"{c.name}（{fmt_num(c.year_points)}）" for c in g.cadres_below),
                     "missed": "、".join(TARGET_LABELS.get(m, m) for m in g.missed)}
                    for g in (*fig.units, fig.bureau)]
            sections.append({"month": month, "rows": rows, "cadre_target": fmt_num(fig.cadre_target),
                             "registration_target": percent(fig.targets.registration),
                             "login_target": percent(fig.targets.daily_login)})
        self.render("learning/index.md", "learning.md.j2", sections=sections)

    def learning_below(self, p: Period) -> str:
        """The sentence naming units below the 学习强国 targets in ``p`` (monthly and quarterly bulletins)."""

        if p.kind not in (MONTH, QUARTER) or not self.d.learning_months:
            return ""
        fig = figures_from(self.d.learning_months, self.c, p)
        return below_target_text(fig) if fig is not None else ""

    # ---- bulletins of record
    @staticmethod
    def next_unissued(q: Period, issued: Mapping[Period, Any]) -> Period:
        nxt = q
        while True:
            first = nxt.first_month + nxt.months
            nxt = Period(nxt.year + (first - 1) // 12, (first - 1) % 12 + 1, nxt.kind)
            if nxt not in issued:
                return nxt

    def correction_row(self, c: Any) -> dict[str, Any]:
        return {"period": c.period, "number": c.number or "", "name": c.name, "field": self.field_name(c),
                "old": self.correction_value(c, c.old), "new": self.correction_value(c, c.new),
                "commits": "；".join(f"{x.short} {x.date} {x.subject}" for x in c.commits) or self.t("rule_change")}

    def field_name(self, c: Any) -> str:
        """The name of the figure a correction changes, in the site's language."""
        key = f"field_{c.field}"
        return str(c.field_name) if self.lang == "zh" or self.t(key) == key else self.t(key)

    def correction_value(self, c: Any, value: Any) -> str:
        """A corrected figure as printed (report.fmt_value) in the site's language: yes/no and none on the
        English site; award lists by name."""
        if c.subject == "awards" and isinstance(value, list):
            value = [self.unit_name(x) if c.id == "units" else self.person_name(x) for x in value]
        if isinstance(value, bool):
            return self.t("yes" if value else "no")
        if isinstance(value, (list, tuple)):
            return self.t("list_sep").join(str(v) for v in value) or self.t("value_none")
        return fmt_value(value)

    def issued_context(self, rec: Any) -> dict[str, Any]:
        p = rec.period
        changes = rank_change(rec)          # the record's own comparable period (sections.py)
        previous = self.records.in_force.get(p.previous()) if self.records and changes is None else None
        if previous is not None and comparable_previous(p, True) is None:
            previous = None                  # ranks start afresh each year
        before = {u["unit"]: u["rank"] for u in previous.units} if previous else {}
        notes = self.figure_notes(p) if rec.in_force else []
        unit_rows = []
        for u in rec.units:
            change = "—"
            if changes is not None:
                change = changes.get(u["unit"], "—")
            elif u["unit"] in before and before[u["unit"]] != u["rank"]:
                delta = before[u["unit"]] - u["rank"]
                change = f"↑{delta}" if delta > 0 else f"↓{-delta}"
            unit_rows.append({"rank": u["rank"], "unit": u["name"], "id": u["unit"], "points": Fraction(str(u["points"])),
                              "cumulative": Fraction(str(u["cumulative"])), "cumulative_rank": u["cumulative_rank"],
                              "change": change, "submitted": u["submitted"], "adopted": u["adopted"],
                              "target": None if u["target"] is None else Fraction(str(u["target"])),
                              "target_met": u["target_met"], "marks": self.marks(notes, "unit", u["unit"])})
        people_rows = [{"rank": x["rank"], "name": x["name"], "unit": rec.unit_name(x.get("unit")),
                        "points": Fraction(str(x["points"])), "cumulative": Fraction(str(x["cumulative"])),
                        "marks": self.marks(notes, "person", x["person"])}
                       for x in rec.people][:30]
        by_level: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for a in rec.adopted_items:
            by_level[a["level"]].append({"title": a["title"], "units": [rec.unit_name(u) for u in a["units"]],
                                         "outlet": a["outlet_name"], "date": a["date"],
                                         "path": article_path(a["submission"])
                                         if a["submission"] in self.items_by_path else None})
        levels = [(lv.name, by_level.get(lv.id, [])) for lv in self.c.scoring.levels]
        slug = _period_slug(p)
        downloads = {}
        for kind, data in self.d.documents[str(rec.data.get("digest"))].items():
            path = f"downloads/bulletins/{slug}.{kind}"
            self.out[path] = data
            downloads[kind] = path
        revisions = [r for r in (self.records.revisions(p) if self.records else []) if not r.in_force]
        awards = rec.awards
        return {"period": p, "period_name": self.period_name(p), "title": rec.title, "number": rec.number or "",
                "issued": rec.issued.isoformat(),
                "issuer": rec.issuer, "as_of": rec.as_of.isoformat(), "commit": rec.commit[:8],
                "unit_rows": unit_rows, "people_rows": people_rows,
                "below": [r for r in unit_rows if r["target"] is not None and not r["target_met"]],
                "levels": levels, "totals": rec.totals,
                "corrections": [self.correction_row(c) for c in rec.corrections],
                "notes": notes, "status": self.figure_status(p),
                "awards": awards, "downloads": downloads,
                "revisions": [{"revision": r.revision, "number": r.number or "", "issued": r.issued.isoformat(),
                               "reason": (r.superseded or {}).get("reason", "")} for r in revisions],
                "supersedes": rec.supersedes, "sections": self.section_blocks(rec, first=5),
                "chart_points": Markup(charts.bar_chart([(r["unit"], float(r["points"])) for r in unit_rows],
                                                        title=f"{self.period_name(p)} · {self.t('chart_points')}"))}

    def section_blocks(self, rec: Any, first: int) -> list[dict[str, Any]]:
        """The record's extra sections (sections.py) in the site's language as the template prints them,
        numbered from ``first``."""
        blocks = []
        words = period_words(rec.period) if self.lang == "zh" else self.period_name(rec.period)
        for k, view in enumerate(section_views(rec, words, self.lang), start=first):
            tables = []
            for tb in view.tables:
                numeric = [bool(tb.rows) and all(isinstance(r[i], (int, float)) and not isinstance(r[i], bool)
                                                 or r[i] is None for r in tb.rows) for i in range(len(tb.header))]
                tables.append({"caption": tb.caption, "header": tb.header,
                               "align": Markup("|" + "".join("---:|" if n else "---|" for n in numeric)),
                               "rows": [[c if isinstance(c, str) else fmt(c) for c in row] for row in tb.rows]})
            blocks.append({"heading": f"{cn_number(k)}、{view.heading}",
                           "lines": view.lines, "tables": tables})
        return blocks

    def trail(self, state: ReviewState) -> list[dict[str, str]]:
        """Each review stage with who met it and when (— while missing)."""
        return [{"stage": st.stage.name,
                 "approver": self.person_name(st.by.approver.id) if st.by and st.by.approver
                 else st.by.identity if st.by else "—",
                 "date": self.day(st.met_at)} for st in state.stages]

    def answer_states(self, sol: Any) -> list[dict[str, str]]:
        """Each target unit of a solicitation: answered on time, late, missed, or not yet."""
        if not hasattr(self, "_answers"):
            self._answers = {(e.detail, e.unit): e.kind for e in self.d.entries
                             if e.kind in (SOL_ON_TIME, SOL_LATE, SOL_MISSED) and e.detail}
        rows = []
        for uid in solicitation_targets(self.c, sol):
            kind = self._answers.get((sol.id, uid))
            word = {SOL_ON_TIME: "on_time", SOL_LATE: "late", SOL_MISSED: "missed"}.get(kind or "", "pending_answer")
            rows.append({"unit": self.unit_name(uid), "state": self.t(word), "key": word})
        return rows

    def solicitation_compliance(self, p: Period) -> list[dict[str, Any]]:
        """Per solicitation whose deadline falls in ``p``: each target unit on time, late, missed or open."""
        out = []
        for sol in sorted(self.d.inst.solicitations.values(), key=lambda s: (s.issued, s.id)):
            deadline = solicitation_deadline(self.c, sol)
            if not (p.contains(deadline) or p.contains(sol.issued)):
                continue
            rows = self.answer_states(sol)
            out.append({"id": sol.id, "title": sol.title, "deadline": deadline.isoformat(), "rows": rows,
                        "path": f"solicitations/{sol.id}.md"})
        return out

    def bulletins(self, periods: Sequence[Period]) -> None:
        groups: dict[str, list[dict[str, Any]]] = {k: [] for k in (MONTH, QUARTER, HALF, YEAR)}
        issued = self.records.in_force if self.records else {}
        pending = self.d.corrections
        for p in sorted(set(periods) | set(issued)):
            page = f"bulletins/{_period_slug(p)}.md"
            if p in issued:
                ctx = self.issued_context(issued[p])
                self.render(page, "bulletin_issued.md.j2", **ctx)
                groups[p.kind].append({"name": ctx["title"], "path": page, "period": p, "number": ctx["number"]})
                continue
            ctx = self.bulletin_context(p)
            # What changed in issued bulletins of this kind goes into the next bulletin (更正).
            ctx["corrections"] = [self.correction_row(c) for q, cs in sorted(pending.items())
                                  if q.kind == p.kind and q < p and self.next_unissued(q, issued) == p for c in cs]
            self.render(page, "bulletin.md.j2", **ctx)
            groups[p.kind].append({"name": ctx["title"], "path": page, "period": p, "number": None})
        for rows in groups.values():
            rows.sort(key=lambda r: r["period"], reverse=True)
        self.render("bulletins/index.md", "bulletins_index.md.j2",
                    groups=[(self.t(k), groups[k]) for k in (MONTH, QUARTER, HALF, YEAR)])

    def export_names(self, scores: Scores) -> dict[str, str]:
        """Titles of the submissions, solicitations and opinions the entries of ``scores`` name (exports)."""
        if not hasattr(self, "_export_names"):
            names = {i.path: i.submission.title for i in self.d.items}
            names.update({sid: sol.title for sid, sol in self.d.inst.solicitations.items()})
            if self.d.acts is not None:
                names.update({path: st.opinion.title for path, st in self.d.acts.opinions.items()
                              if not st.opinion.draft})
            self._export_names = {k: v for k, v in names.items() if not marking_in(v)}
        keys = {k for e in scores.entries for k in (e.submission, e.detail) if k}
        return {k: v for k, v in self._export_names.items() if k in keys}

    def rankings(self, periods: Sequence[Period]) -> None:
        listing = []
        for p in sorted(set(periods) | set(self.issued_records()), key=lambda p: (p.year, p.first_month, -p.months),
                        reverse=True):
            s = self.view_scores(p)
            notes = self.figure_notes(p)
            status = self.figure_status(p)
            note_texts = tuple(f"{n['mark']}{n['text']}" for n in notes)
            slug = _period_slug(p)
            csv_path = f"downloads/rankings-{slug}.csv"
            xlsx_path = f"downloads/rankings-{slug}.xlsx"
            names = self.export_names(s)
            shown = s.as_of if status["issued"] else min(self.d.as_of, p.end)     # the page's as-of day
            made = (s, status["text"], note_texts, tuple(sorted(names.items())), shown)
            downloads = self.memo.downloads(made, self.c, {
                "csv": lambda key, config: scores_csv(key[0], config, key[1], key[2], dict(key[3]), key[4]),
                "xlsx": lambda key, config: scores_xlsx(key[0], config, key[1], key[2], dict(key[3]), key[4])})
            self.out[csv_path], self.out[xlsx_path] = downloads["csv"], downloads["xlsx"]
            page = f"rankings/{slug}.md"
            as_of = shown.isoformat()
            self.render(page, "ranking.md.j2", name=self.period_name(p), period=p, status=status, notes=notes,
                        unit_rows=self.unit_rows(s, self.previous_scores(p), notes),
                        people_rows=self.people_rows(s, notes),
                        csv=csv_path, xlsx=xlsx_path, as_of=as_of,
                        chart=Markup(charts.bar_chart([(r.name, float(r.points)) for r in s.units],
                                                      title=f"{self.period_name(p)} · {self.t('chart_points')}")))
            listing.append({"name": self.period_name(p), "kind": self.t(p.kind), "path": page})
        year = Period(self.d.as_of.year, 1, YEAR)
        months = [m for m in year.months_inside() if m.start <= self.d.as_of]
        series = []
        for uid, unit in sorted(self.c.units.items()):
            if unit.active:
                series.append((unit.name, [float(next((r.cumulative for r in self.view_scores(m).units
                                                       if r.unit == uid), Fraction(0))) for m in months]))
        self.render("rankings/index.md", "rankings_index.md.j2", listing=listing,
                    chart=Markup(charts.line_chart([f"{m.first_month}月" if self.lang == "zh" else m.label
                                                    for m in months], series,
                                                   title=self.t("chart_cumulative"))))

    def units(self, periods: Sequence[Period]) -> None:
        year = Period(self.d.as_of.year, 1, YEAR)
        months = [m for m in year.months_inside() if m.start <= self.d.as_of]
        year_scores = self.view_scores(year)
        year_status = self.figure_status(year)
        rows = []
        for uid, unit in sorted(self.c.units.items(), key=lambda kv: kv[0]):
            items = [i for i in self.d.items if uid in i.submission.units]
            ranks = []
            notes: list[dict[str, Any]] = []     # this unit's 更正 notes, numbered for this page
            for m in months:
                s = self.view_scores(m)
                r = next((r for r in s.units if r.unit == uid), None)
                marks: dict[str, str] = defaultdict(str)
                for note in self.figure_notes(m):
                    if note["key"][:2] == ("unit", uid):
                        n = len(notes) + 1
                        notes.append({"n": n, "key": note["key"], "mark": self.t("correction_mark", n=n),
                                      "text": f"{m.label}：{note['text']}"})
                        marks[note["key"][2]] += notes[-1]["mark"]
                rec = self.issued_records().get(m)
                ranks.append({"month": m.label, "rank": r.cumulative_rank if r else "—",
                              "cumulative": r.cumulative if r else Fraction(0), "marks": dict(marks),
                              "status": (rec.number or self.t("issued_short")) if rec is not None
                              else self.t("provisional_short"),
                              "path": f"bulletins/{_period_slug(m)}.md" if rec is not None else None})
            yr = next((r for r in year_scores.units if r.unit == uid), None)
            annual = self.c.scoring.target_for(uid)
            cumulative = yr.cumulative if yr else Fraction(0)

            def people(ids: Iterable[str]) -> list[dict[str, Any]]:
                return [{"name": self.person_name(x), "todo": self.todo_path(x) if x in self.c.people else None,
                         "title": self.c.people[x].title if x in self.c.people else "",
                         "emails": ", ".join(self.c.people[x].emails) if x in self.c.people else ""}
                        for x in ids]
            page = f"units/{uid}.md"
            self.render(page, "unit.md.j2", unit=unit, leader=people([unit.leader] if unit.leader else []),
                        heads=people(unit.head), liaisons=people(unit.liaisons), annual=annual,
                        cumulative=cumulative, ranks=ranks, notes=notes, year_status=year_status,
                        items=[self.item_row(i) for i in sorted(items, key=lambda i: i.submitted_at, reverse=True)],
                        progress=(float(cumulative / annual * 100) if annual else None),
                        progress_text=fmt_percent(cumulative / annual) if annual else "—",
                        chart=Markup(charts.line_chart([m.label[5:] for m in months],
                                                       [(unit.name, [float(cast(Fraction, r["cumulative"])) for r in ranks]),
                                                        (self.t("chart_target"),
                                                         [float(annual * m.months_to_end / 12) if annual else 0.0
                                                          for m in months])],
                                                       title=f"{unit.name} · {self.t('progress')}")))
            rows.append({"name": unit.name, "type": unit.type, "path": page, "active": unit.active,
                         "leader": self.person_name(unit.leader) if unit.leader else "",
                         "liaisons": "、".join(self.person_name(x) for x in unit.liaisons), "n_items": len(items),
                         "cumulative": cumulative, "annual": annual})
        self.render("units/index.md", "units_index.md.j2", rows=rows)

    @functools.cached_property
    def solicitation_rows(self) -> list[dict[str, Any]]:
        """Every solicitation, newest first: its row in the lists (the index, the home page)."""
        rows = []
        for sol in sorted(self.d.inst.solicitations.values(), key=lambda s: (s.issued, s.id), reverse=True):
            deadline = solicitation_deadline(self.c, sol)
            units = self.answer_states(sol)
            rows.append({"id": sol.id, "title": sol.title, "path": f"solicitations/{sol.id}.md", "issuer": sol.issuer,
                         "issued": sol.issued.isoformat(), "deadline": deadline.isoformat(),
                         "open": deadline >= self.d.as_of,
                         "done": sum(1 for u in units if u["key"] in ("on_time", "late")), "total": len(units)})
        return rows

    def solicitations(self) -> None:
        answers: dict[str, list[Item]] = defaultdict(list)
        for i in self.d.items:
            if i.submission.solicitation:
                answers[i.submission.solicitation].append(i)
        for sol in sorted(self.d.inst.solicitations.values(), key=lambda s: (s.issued, s.id), reverse=True):
            deadline = solicitation_deadline(self.c, sol)
            units = self.answer_states(sol)
            page = f"solicitations/{sol.id}.md"
            self.render(page, "solicitation.md.j2", sol=sol, title=safe_title(sol.title), deadline=deadline,
                        units=units, body=Markup(render_body(sol.body)),
                        answers=[self.item_row(i) for i in sorted(answers[sol.id], key=lambda i: i.submitted_at)])
        self.render("solicitations/index.md", "solicitations_index.md.j2", rows=self.solicitation_rows)

    # ---- other record types
    def opinions(self) -> None:
        acts = self.d.acts
        assert acts is not None
        rows = []
        for path, st in sorted(acts.opinions.items(), key=lambda kv: kv[1].opinion.found_at, reverse=True):
            op = st.opinion
            if op.draft:
                continue
            slug = Path(path).stem
            page = f"opinions/{slug}.md"
            state = acts.opinion_states.get(path)
            trail = self.trail(state) if state else []
            closed = op.replied is not None
            status = ("replied_late" if st.reply_late else "replied_ok") if closed else \
                ("overdue" if st.reply_late else "open")
            row = {"title": op.title, "path": page, "source": op.source, "unit": "、".join(self.unit_name(u) for u in op.units),
                   "severity": op.severity, "found": op.found_at.strftime("%Y-%m-%d %H:%M"),
                   "report_hours": None if st.report_hours is None else round(st.report_hours, 1),
                   "report_late": st.report_late, "deadline": st.reply_deadline.isoformat(),
                   "replied": op.replied.isoformat() if op.replied else None, "reply_days": st.reply_days,
                   "status": self.t(status), "status_key": status, "closed": closed}
            rows.append(row)
            self.render(page, "opinion.md.j2", op=op, row=row, title=safe_title(op.title), trail=trail,
                        approved=st.reply_approved,
                        body=Markup(render_body(op.body)) if st.reply_approved else None,
                        link=safe_url(op.link), reply_url=safe_url(op.reply_url),
                        rules=self.c.scoring.opinions)
        self.render("opinions/index.md", "opinions_index.md.j2", open_rows=[r for r in rows if not r["closed"]],
                    closed_rows=[r for r in rows if r["closed"]], rules=self.c.scoring.opinions)

    def plans(self) -> None:
        acts = self.d.acts
        assert acts is not None
        year = self.d.as_of.year
        months: list[dict[str, Any]] = []
        for m in range(1, 13):
            start = dt.date(year, m, 1)
            planned = []
            for ps in acts.plans:
                pi = ps.item
                if pi.start.year == year and pi.start.month == m:
                    planned.append({"unit": self.unit_name(pi.unit), "topic": pi.topic,
                                    "when": pi.start.isoformat() if pi.start == pi.end else f"{m}月",
                                    "level": self.level_name(pi.level) if pi.level else "",
                                    "covered": [{"title": self.items_by_path[c].submission.title,
                                                 "path": article_path(c)} for c in ps.covered_by
                                                if c in self.items_by_path],
                                    "overdue": ps.overdue})
            published = [self.item_row(i) for i in self.d.items
                         if day_of(i.submitted_at, self.c.tz).replace(day=1) == start]
            months.append({"name": f"{m}月" if self.lang == "zh" else start.strftime("%B"), "planned": planned,
                           "published": len(published), "past": start <= self.d.as_of})
        overdue = [ps for ps in acts.plans if ps.overdue]
        self.render("plans/index.md", "plans.md.j2", year=year, months=months,
                    overdue=[{"unit": self.unit_name(ps.item.unit), "topic": ps.item.topic,
                              "when": ps.item.end.isoformat()} for ps in overdue],
                    total=len(acts.plans), covered=sum(1 for ps in acts.plans if ps.covered_by))

    def interviews(self) -> None:
        acts = self.d.acts
        assert acts is not None
        rows = []
        for path, st in sorted(acts.interviews.items(), key=lambda kv: kv[1].interview.date, reverse=True):
            iv = st.interview
            if iv.draft:
                continue
            state = acts.interview_states.get(path)
            waiting = [f"{x.stage.name}（{'、'.join(self.person_name(p) for p in x.eligible)}）"
                       for x in state.stages if not x.approved] if state else []
            held = iv.date <= self.d.as_of
            flag = held and not st.approved_in_time
            rows.append({"title": iv.title, "outlet": iv.outlet, "reporters": "、".join(iv.reporters),
                         "date": iv.date.isoformat(), "unit": "、".join(self.unit_name(u) for u in iv.units),
                         "spokesperson": self.person_name(iv.spokesperson) if iv.spokesperson else "",
                         "approved": self.day(st.approved_at) if st.approved else None,
                         "waiting": "；".join(waiting), "flag": flag, "report_url": safe_url(iv.report_url)})
        self.render("interviews/index.md", "interviews.md.j2", rows=rows)

    @functools.cached_property
    def competition_rows(self) -> list[dict[str, Any]]:
        """Every competition with its results, newest first."""
        comps = sorted(self.d.inst.records.get("competition", {}).values(), key=lambda c: c.date, reverse=True)
        rows: list[dict[str, Any]] = []
        for comp in comps:
            results = []
            for r in comp.results:
                item = self.items_by_path.get(r.submission)
                sub = item.submission if item else self.d.inst.submissions.get(r.submission)
                results.append({"title": sub.title if sub else r.submission,
                                "path": article_path(r.submission) if item else None,
                                "units": [self.unit_name(u) for u in sub.units] if sub else [],
                                "grade": r.grade,
                                "points": self.c.scoring.competition_points.get(r.grade) if item else None})
            rows.append({"name": comp.name, "date": comp.date, "organizer": comp.organizer, "results": results})
        return rows

    def competitions(self) -> None:
        self.render("competitions/index.md", "competitions.md.j2", rows=self.competition_rows)

    @property
    def worklist(self) -> Any:
        """What waits for whom on the as-of day (the same lists as status --pending and remind)."""
        if getattr(self, "_worklist", None) is None:

            month = Period(self.d.as_of.year, self.d.as_of.month, MONTH)
            self._worklist = build_worklist(self.c, self.d.inst.submissions, self.d.states,
                                            self.d.inst.solicitations.values(), self.d.scores_for(month),
                                            self.d.as_of)
        return self._worklist

    def todo_path(self, pid: str) -> str:
        return f"todo/{pid}.md"

    def review(self) -> None:

        wl = self.worklist
        review_tasks: dict[str, list[Any]] = defaultdict(list)
        for tasks in wl.tasks.values():
            for task in tasks:
                if task.kind == REVIEW and task.path:
                    review_tasks[task.path].append(task)
        pending = []
        stale = []
        returned = []
        ignored = []
        unrecorded = []
        for path, state in sorted(self.d.states.items()):
            sub = self.d.inst.submissions.get(path)
            if sub is None or state.draft:
                continue
            for u in state.unrecorded:
                what = (f"{self.outlet(u.key[0])[0]} {u.key[1]}" if u.kind == "adoption"
                        else f"{u.key[1]}（{self.level_name(u.key[0])}）{u.key[2]}")
                unrecorded.append({"title": sub.title, "what": what, "who": u.who or "—",
                                   "commit": u.commit.short if u.commit else "—"})
            if state.approved:
                continue
            r = state.returned
            if r is not None:
                returned.append({"title": sub.title, "path": path,
                                 "authors": "、".join(self.person_name(a) for a in state.authors) or "—",
                                 "by": r.returner.name if r.returner else r.identity, "date": self.day(r.at),
                                 "reason": r.reason or "—"})
                continue
            since = state.submitted_at
            tasks = review_tasks.get(path, [])
            waiting = []
            stages_seen: list[str] = []
            for task in tasks:
                if task.stage not in stages_seen:
                    stages_seen.append(task.stage)
            for st in state.stages:
                if st.approved:
                    continue
                if tasks and st.stage.name not in stages_seen:
                    continue
                names = "、".join(self.person_name(x) for x in st.eligible) or st.reason
                waiting.append(f"{st.stage.name}（{names}）")
            days = max((t.days for t in tasks), default=None)
            pending.append({"title": sub.title, "path": path, "units": [self.unit_name(u) for u in sub.units],
                            "waiting": "；".join(waiting), "days": days, "submitted": self.day(since),
                            "overdue": any(t.overdue for t in tasks)})
            for a in state.approvals:
                if a.verdict == STALE:
                    stale.append({"title": sub.title, "path": path, "reason": reason_text(a.reason, self.lang)})
                elif a.verdict == IGNORED and "review.ordered" in a.reason:
                    ignored.append({"title": sub.title, "who": a.approver.name if a.approver else a.identity,
                                    "date": self.day(a.at), "reason": reason_text(a.reason, self.lang)})
        invalid = [self.invalid_row(path, problems) for path, problems in sorted(self.d.inst.invalid.items())]
        # The same queue by whom it waits for, so each reviewer finds their own list.
        by_person = []
        for pid, tasks in wl.reviewers().items():
            by_person.append((self.person_name(pid), self.todo_path(pid),
                              [{"title": t.title, "stage": t.stage, "days": t.days, "overdue": t.overdue,
                                "unit": self.unit_name(t.unit)} for t in tasks]))
        holidays = bool(self.c.review.holidays or self.c.review.workdays)
        rule = self.t("overdue_rule").replace("{n}", str(self.c.review.overdue_days)).replace(
            "{holidays}", self.t("holidays_note") if holidays else "")
        self.render("review/index.md", "review.md.j2", pending=pending, stale=stale, invalid=invalid,
                    by_person=by_person, returned=returned, ignored=ignored, unrecorded=unrecorded, rule=rule)

    def todo(self) -> None:
        """我的待办: a page and an iCalendar feed per person (linked from the 组织 and 单位 pages)."""

        wl = self.worklist
        for pid, person in sorted(self.c.people.items()):
            tasks = wl.for_person(pid)
            groups: list[tuple[str, list[dict[str, Any]]]] = []
            for kind, key in ((REVIEW, "todo_review"), (REVISE, "todo_revise"), (SOLICITATION, "todo_solicitation"),
                              (UNIT_TARGET, "todo_target"), (PERSON_TARGET, "todo_target")):
                rows = [{"what": describe(t, self.c, self.lang), "due": t.due.isoformat() if t.due else "—",
                         "overdue": t.overdue} for t in tasks if t.kind == kind]
                if rows:
                    if groups and groups[-1][0] == self.t(key):
                        groups[-1][1].extend(rows)
                    else:
                        groups.append((self.t(key), rows))
            unit = self.c.units.get(person.unit or "")
            self.render(self.todo_path(pid), "todo.md.j2", person=person,
                        heading=self.t("todo_of").replace("{name}", person.name),
                        unit=(unit.name, f"units/{unit.id}.md") if unit else None, groups=groups,
                        ics=f"{pid}.ics", as_of=self.d.as_of.isoformat())
            self.out[f"todo/{pid}.ics"] = person_ics(self.c, person, tasks, self.d.as_of, self.lang)

    def invalid_row(self, path: str, problems: Sequence[Problem]) -> dict[str, Any]:
        """An invalid item on the review page. One that carries a marking is named without its
        marking or anything it says: the problem is replaced with a plain "withheld" line."""
        if not any(isinstance(p.message, str) and p.message.startswith("classified marking ") for p in problems):
            return {"path": path, "problems": [f"{p.line}:{p.col} {p.message}" for p in problems]}
        if marking_in(path):
            path = path.rsplit("/", 1)[0] + "/" + self.t("withheld_name")
        return {"path": path, "problems": [self.t("withheld_marking")]}

    def organization(self) -> None:
        chief = next((p for p in self.c.people.values() if "chief" in p.roles), None)
        office = [p.name for p in self.c.people.values() if "office" in p.roles]
        leaders: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for _uid, unit in sorted(self.c.units.items()):
            if not unit.active:
                continue
            leaders[unit.leader or ""].append((unit.name, "、".join(self.person_name(x) for x in unit.liaisons)))
        groups = [(f"{self.person_name(lid)}" if lid else "—", units) for lid, units in sorted(leaders.items())]
        svg = charts.org_chart(f"{self.t('chief')} {chief.name}" if chief else self.t("chief"), groups,
                               self.t("office"), "、".join(office))
        people = []
        for uid, unit in sorted(self.c.units.items()):
            members = [p for p in self.c.people.values() if p.unit == uid]
            for pid in (*unit.head, *unit.liaisons):
                if pid in self.c.people and self.c.people[pid] not in members:
                    members.append(self.c.people[pid])
            if unit.active and members:
                people.append((unit.name, [(p.name, self.todo_path(p.id), len(self.worklist.for_person(p.id)))
                                           for p in members]))
        self.render("organization/index.md", "organization.md.j2", chart=Markup(svg), groups=groups,
                    chief=chief.name if chief else "", office="、".join(office), people=people)

    def search(self) -> None:
        self.render("search/index.md", "search.md.j2")

    def home(self, periods: Sequence[Period]) -> None:
        # The quarter is the seeds' reporting rhythm (每季度通报): its live ranking says more than a month's.
        current = Period(self.d.as_of.year, (self.d.as_of.month - 1) // 3 * 3 + 1, QUARTER)
        s = self.view_scores(current)
        latest = None
        finished = [p for p in periods if p.end < self.d.as_of and p.kind in (MONTH, QUARTER)]
        issued = self.issued_records()
        finished = sorted(set(finished) | {q for q in issued if q.end < self.d.as_of and q.kind in (MONTH, QUARTER)})
        if finished:
            p = max(finished, key=lambda p: (p.end, p.months))
            rec = issued.get(p)
            if rec is not None:
                # An issued period: the box shows its bulletin's figures, with a 更正 note where they now differ.
                notes = self.figure_notes(p)
                rows = self.unit_rows(self.view_scores(p), None, notes)
                top = rows[:3]
                shown = {r["id"] for r in top}
                top_notes = [n for n in notes if n["key"][0] == "unit" and n["key"][1] in shown]
                latest = {"title": rec.title, "number": rec.number or "", "path": f"bulletins/{_period_slug(p)}.md",
                          "top": top, "adoptions": rec.totals["adoptions"], "submitted": rec.totals["submitted"],
                          "below": [r for r in rows if r["target"] is not None and not r["target_met"]],
                          "status": self.figure_status(p), "notes": top_notes,
                          "more": len(notes) - len(top_notes), "ranking": f"rankings/{_period_slug(p)}.md"}
            else:
                ctx = self.bulletin_context(p)
                latest = {"title": ctx["title"], "number": "", "path": f"bulletins/{ctx['slug']}.md",
                          "top": ctx["unit_rows"][:3], "adoptions": ctx["adoptions"], "submitted": ctx["submitted"],
                          "below": ctx["below"], "status": self.figure_status(p), "notes": [], "more": 0,
                          "ranking": f"rankings/{ctx['slug']}.md"}
        year = Period(self.d.as_of.year, 1, YEAR)
        year_items = [i for i in self.d.items if year.contains(day_of(i.submitted_at, self.c.tz))]
        year_submitted = sum(1 for st in self.d.states.values()
                             if st.submitted_at and not st.draft and year.contains(day_of(st.submitted_at, self.c.tz)))
        adopted_by_level: Counter[str] = Counter()
        seen: set[tuple[str, str]] = set()
        recent: list[dict[str, str]] = []
        for e in sorted(self.d.entries, key=lambda e: e.date, reverse=True):
            if e.kind != ADOPTION or (e.submission or "", e.detail or "") in seen:
                continue
            seen.add((e.submission or "", e.detail or ""))
            name, level = self.outlet(e.detail or "")
            if year.contains(e.date):
                adopted_by_level[self.level_name(level)] += 1
            if len(recent) < 8 and e.submission in self.items_by_path:
                recent.append({"title": self.items_by_path[e.submission].submission.title,
                               "path": article_path(e.submission), "outlet": name, "level": self.level_name(level),
                               "date": e.date.isoformat()})
        open_sols = [r for r in self.solicitation_rows if r["open"]]
        self.render("index.md", "home.md.j2", current=self.period_name(current),
                    unit_rows=self.unit_rows(s, None), latest=latest, current_status=self.figure_status(current), open_sols=open_sols, recent=recent,
                    totals={"submitted": year_submitted, "approved": len(year_items),
                            "adopted": sum(adopted_by_level.values())},
                    levels=[(lv.name, adopted_by_level.get(lv.name, 0)) for lv in self.c.scoring.levels],
                    as_of=self.d.as_of.isoformat(), year=self.d.as_of.year,
                    current_ranking=f"rankings/{_period_slug(current)}.md")


def render_pages(data: SiteData, lang: str = "zh", kept: KeptPages | None = None) -> dict[str, str | bytes]:
    """Every page and download of the site, keyed by its path inside the docs folder.

    ``kept``: the last build's pages, taken as they are where their inputs are unchanged (pagecache.py).
    """
    return Pages(data, lang, kept).all()
