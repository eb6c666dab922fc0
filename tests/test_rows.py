"""The bulletin of record and the scores JSON as typed rows: to_json and from_json agree."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import BulletinError
from generator.read.bulletins import IssuedBulletin, load_records
from generator.read.scores_json import ScoresJson

ROOT = Path(__file__).resolve().parent.parent


def test_every_issued_bulletin_of_the_sample_reads_back_as_typed_rows() -> None:
    records = load_records(ROOT)
    assert records.in_force and not records.errors
    for rec in records.all:
        rows = rec.report
        assert rows.period == rec.period.label
        assert rows.to_json() == rec.scores                       # nothing lost or added
        assert [u.unit for u in rows.units] == [u["unit"] for u in rec.units]
        again = IssuedBulletin.from_json(rec.path, rec.to_json())
        assert again.data == rec.data and again.period == rec.period and again.revision == rec.revision


def test_scores_json_round_trips_through_rows() -> None:
    data = json.loads((ROOT / "bulletins" / "2026-Q1.json").read_text(encoding="utf-8"))["scores"]
    rows = ScoresJson.from_json(data)
    assert ScoresJson.from_json(rows.to_json()) == rows
    assert json.dumps(rows.to_json(), ensure_ascii=False) == json.dumps(data, ensure_ascii=False)


def test_a_record_with_an_edited_figure_is_refused_naming_its_file() -> None:
    rec = next(iter(load_records(ROOT).in_force.values()))
    edited = rec.to_json()
    edited["scores"] = dict(edited["scores"], units=[dict(u, points=999.0) for u in edited["scores"]["units"]])
    with pytest.raises(BulletinError) as caught:
        IssuedBulletin.from_json(rec.path, edited)
    assert caught.value.path == rec.path
    assert any(p.path == rec.path for p in caught.value.problems)
