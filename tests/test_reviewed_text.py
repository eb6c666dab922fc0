"""Whether an old version of a submission is the current one, told without parsing it
(read/records.py ``reviewed_text``): only where that gives exactly what a full parse gives.

Each case is a current file that parses; where ``reviewed_text`` answers, the old version it stands
for (the current one without its adoptions, 批示, plan...) must have the current file's reviewable
content by a full parse; where its front matter could let a removed entry change the others (a list,
quote or block running over lines, an anchor, a comment inside a list...), it must not answer.
"""
from __future__ import annotations

import pytest

from generator.read.records import reviewable_content, reviewed_text, split_front_matter

HEAD = "---\ntitle: 住建局开展安全检查\nunit: jianguan\ncategory: news\n"
BODY = "---\n正文第一段。\n\n第二段。\n"

ANSWERED = {
    "adoptions at the end": HEAD + "authors: [zhangsan]\ntags: [安全]\nadoptions:\n  - outlet: zjt\n"
                            "    date: 2026-03-20\n    evidence: evidence/a.png\n" + BODY,
    "adoptions in the middle, items at the margin": HEAD + "adoptions:\n- outlet: zjt\n  date: 2026-03-20\n"
                                                         "authors:\n- zhangsan\n" + BODY,
    "a comment among the items": HEAD + "adoptions:\n# 省厅采用\n  - outlet: zjt\n    date: 2026-03-20\n"
                                        "tags: [安全, 检查]\n" + BODY,
    "批示, plan and a value over two lines": HEAD + "instructions:\n  - level: municipal\n    by: 副市长\n"
                                               "    date: 2026-03-25\nplan: 2026-q1-1\n  续\n"
                                               "event_date: 2026-03-09\n" + BODY,
    "nothing to take out": HEAD + "tags: [安全]\n" + BODY,
}

NOT_ANSWERED = {
    "a list running over lines": HEAD + "tags: [安全,\nadoptions: x]\n" + BODY,
    "a quote running over lines": HEAD.replace("title: 住建局开展安全检查", 'title: "住建局\nadoptions: 开展"') + BODY,
    "an anchor used by another entry": HEAD + "adoptions: &a [x]\ntags: *a\n" + BODY,
    "a block scalar": HEAD + "note: |\n  说明\nadoptions: []\n" + BODY,
    "a comment inside a list": HEAD + "tags: [安全, #]\nadoptions: x]\n" + BODY,
    "a flow mapping": HEAD + "extra: {a: 1}\n" + BODY,
    "a tab": HEAD + "note: 说明\t补充\n" + BODY,
    "a quoted key": HEAD + '"adoptions": []\n' + BODY,
}


def _old_version(reviewed: str) -> str:
    """The file whose text is ``reviewed`` (front matter and body as reviewed_text joins them)."""
    front, body = reviewed.split("\0")
    return "---\n" + front + "\n---\n" + body


@pytest.mark.parametrize("case", sorted(ANSWERED))
def test_an_old_version_without_the_unreviewed_entries_has_the_current_content(case: str) -> None:
    current = ANSWERED[case]
    reviewed = reviewed_text(current)
    assert reviewed is not None
    old = _old_version(reviewed)
    assert reviewed_text(old, strip=False) == reviewed       # what the review compares
    assert reviewable_content(old.encode()) == reviewable_content(current.encode()) is not None
    assert old != current or case == "nothing to take out"


@pytest.mark.parametrize("case", sorted(NOT_ANSWERED))
def test_front_matter_where_an_entry_could_reach_another_is_left_to_the_parser(case: str) -> None:
    assert reviewed_text(NOT_ANSWERED[case]) is None


def test_an_old_version_that_has_unreviewed_entries_is_always_parsed() -> None:
    """Its adoptions could be broken YAML (then it has no content at all): never told from its text."""
    broken = HEAD + "adoptions:\n  - outlet: zjt\n  bad: : :\n" + BODY
    assert reviewed_text(broken, strip=False) is None
    assert reviewable_content(broken.encode()) is None
    assert reviewed_text(ANSWERED["adoptions at the end"], strip=False) is None


def test_a_changed_body_or_field_gives_another_reviewed_text() -> None:
    current = ANSWERED["adoptions at the end"]
    reviewed = reviewed_text(current)
    assert reviewed is not None
    for changed in (current.replace("第二段。", "第二段！"), current.replace("tags: [安全]", "tags: [安全, 检查]"),
                    current.replace("category: news", "category: gov_info")):
        other = reviewed_text(changed)
        assert other is not None and other != reviewed
        assert reviewable_content(changed.encode()) != reviewable_content(current.encode())
    front, _body, _line = split_front_matter(current)
    assert "adoptions" in front and "adoptions" not in reviewed
