"""The located YAML loader: positions, protections and our own date parsing."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from generator.read.yamlio import MAX_DEPTH, InvalidDate, YamlProblem, load_yaml


def test_positions_of_keys_and_values_are_shifted_by_the_offset() -> None:
    doc = load_yaml("title: 标题\nunit: [a, b]\n", line_offset=1)
    assert doc.value == {"title": "标题", "unit": ["a", "b"]}
    assert doc.key_pos[("unit",)] == (3, 1)
    assert doc.pos[("unit", 1)] == (3, 11)
    assert doc.at(("missing", 3)) == doc.at(())


def test_dates_are_parsed_and_impossible_ones_kept_as_invalid() -> None:
    doc = load_yaml("a: 2026-03-01\nb: 2026-02-30\nc: 2026-03-01 10:00:00+08:00\n")
    assert doc.value["a"] == dt.date(2026, 3, 1)
    assert doc.value["b"] == InvalidDate("2026-02-30")
    assert doc.value["c"] == dt.datetime(2026, 3, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_plain_scalars_are_remembered_for_yaml_1_1_surprises() -> None:
    doc = load_yaml('a: no\nb: "no"\n')
    assert doc.value == {"a": False, "b": "no"}
    assert ("a",) in doc.plain and ("b",) not in doc.plain
    assert doc.raw[("a",)] == "no"


@pytest.mark.parametrize("text, line, col, message", [
    ("a: 1\na: 2\n", 2, 1, "duplicate key 'a' (first at line 1); keep only one"),
    ("a: [1\n", 1, 4, "YAML syntax error: the list opened with '[' here is not closed (reading stopped at "
                      "line 2); close it with ']', or put the value in quotes if the '[' is text"),
    ("<<: {a: 1}\n", 1, 1, "merge keys ('<<') are not supported; write the keys out"),
    ("a: !foo 1\n", 1, 4, "unsupported YAML tag '!foo'; remove the '!…' before the value"),
    ("a: 1\n---\nb: 2\n", 2, 1, "YAML syntax error: more than one YAML document; remove the extra '---' line"),
    ("[a, b]: 1\n", 1, 1, "a key must be a plain name, not a list or mapping"),
])
def test_refusals_name_line_and_column(text: str, line: int, col: int, message: str) -> None:
    with pytest.raises(YamlProblem) as info:
        load_yaml(text)
    assert (info.value.line, info.value.col, info.value.message) == (line, col, message)


def test_deep_nesting_is_refused_before_the_c_parser_recurses() -> None:
    start = time.monotonic()
    with pytest.raises(YamlProblem) as info:
        load_yaml("a: " + "[" * 200_000)
    assert f"nesting deeper than {MAX_DEPTH} levels" in info.value.message
    assert (info.value.line, info.value.col) == (1, 3 + MAX_DEPTH)  # the mapping is level 1
    assert time.monotonic() - start < 30  # a guard against hanging, not a benchmark


def test_alias_bombs_are_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    with pytest.raises(YamlProblem) as info:
        load_yaml("\n".join(lines) + "\n")
    assert "aliases expand this document to more than 100,000 values" in info.value.message


def test_a_few_aliases_are_fine() -> None:
    doc = load_yaml("base: &b [x, y]\nother: *b\n")
    assert doc.value["other"] == ["x", "y"]


def test_empty_document_is_none() -> None:
    assert load_yaml("").value is None
    assert load_yaml("# only a comment\n").value is None
