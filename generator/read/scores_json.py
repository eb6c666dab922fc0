"""The scores JSON of SPEC 7 as typed rows: what ``bulletin scores --format json`` prints and what
a bulletin of record freezes under ``"scores"`` (documents/report.py makes them from computed scores).

Each row has ``to_json`` (the JSON object, keys in SPEC 7's order) and ``from_json`` (the row back
from such an object, e.g. one read from ``bulletins/P.json``). Numbers are the exact values rounded
to 2 decimals (:func:`generator.numbers.num`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class UnitJson:
    unit: str
    name: str
    points: float
    cumulative: float
    rank: int
    cumulative_rank: int
    submitted: int
    adopted: int
    target: float | None
    target_met: bool

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "name": self.name, "points": self.points, "cumulative": self.cumulative,
                "rank": self.rank, "cumulative_rank": self.cumulative_rank, "submitted": self.submitted,
                "adopted": self.adopted, "target": self.target, "target_met": self.target_met}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> UnitJson:
        return cls(str(d["unit"]), str(d["name"]), float(d["points"]), float(d["cumulative"]), int(d["rank"]),
                   int(d["cumulative_rank"]), int(d["submitted"]), int(d["adopted"]), _float(d["target"]),
                   bool(d["target_met"]))


@dataclass(frozen=True)
class PersonJson:
    person: str
    name: str
    unit: str | None
    points: float
    cumulative: float
    rank: int
    target: float | None = None
    target_met: bool | None = None     # None: a record issued before people had targets (no such keys)

    def to_json(self) -> dict[str, Any]:
        out = {"person": self.person, "name": self.name, "unit": self.unit, "points": self.points,
               "cumulative": self.cumulative, "rank": self.rank}
        if self.target_met is not None:
            out.update({"target": self.target, "target_met": self.target_met})
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> PersonJson:
        unit = d.get("unit")
        met = d.get("target_met")
        return cls(str(d["person"]), str(d["name"]), None if unit is None else str(unit), float(d["points"]),
                   float(d["cumulative"]), int(d["rank"]), _float(d.get("target")),
                   None if met is None else bool(met))


@dataclass(frozen=True)
class EntryJson:
    date: str
    unit: str
    kind: str
    points: float
    submission: str | None
    detail: str | None

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "unit": self.unit, "kind": self.kind, "points": self.points,
                "submission": self.submission, "detail": self.detail}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> EntryJson:
        return cls(str(d["date"]), str(d["unit"]), str(d["kind"]), float(d["points"]), d.get("submission"),
                   d.get("detail"))


@dataclass(frozen=True)
class AwardsJson:
    units: tuple[str, ...]
    people: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"units": list(self.units), "people": list(self.people)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> AwardsJson:
        return cls(tuple(str(u) for u in d["units"]), tuple(str(p) for p in d["people"]))


@dataclass(frozen=True)
class ScoresJson:
    """SPEC 7's object for one period: units, people and entries (and awards for a year)."""

    period: str
    start: str
    end: str
    as_of: str
    units: tuple[UnitJson, ...]
    people: tuple[PersonJson, ...]
    entries: tuple[EntryJson, ...]
    awards: AwardsJson | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"period": self.period, "start": self.start, "end": self.end, "as_of": self.as_of,
                               "units": [r.to_json() for r in self.units],
                               "people": [r.to_json() for r in self.people],
                               "entries": [e.to_json() for e in self.entries]}
        if self.awards is not None:
            out["awards"] = self.awards.to_json()
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ScoresJson:
        awards = d.get("awards")
        return cls(str(d["period"]), str(d["start"]), str(d["end"]), str(d["as_of"]),
                   tuple(UnitJson.from_json(r) for r in d["units"]),
                   tuple(PersonJson.from_json(r) for r in d["people"]),
                   tuple(EntryJson.from_json(e) for e in d["entries"]),
                   AwardsJson.from_json(awards) if awards is not None else None)
