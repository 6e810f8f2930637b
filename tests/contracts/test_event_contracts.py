"""The event contracts: every type round-trips, and no payload changes without a new VERSION."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from typing import Any, get_args

import msgspec
import pytest

from desk_app import events
from desk_app.events import base
from desk_app.store import models
from tests.contracts import snapshots
from tests.contracts.event_examples import WHEN, example

VERSIONS = all_versions = events.all_versions()
ALL = [pytest.param(cls, id=f"{t}.v{v}") for (t, v), cls in VERSIONS.items()]


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize("variant", [0, 1], ids=["filled", "optional-left-out"])
def test_round_trip(cls: type[events.Event], variant: int) -> None:
    event = example(cls, variant)
    wire = event.to_wire()
    # The wire form is plain JSON data: what goes over HTTP and what the outbox stores.
    assert json.loads(json.dumps(wire)) == wire
    assert cls.from_wire(wire) == event
    assert cls.from_wire(event.to_json()) == event
    assert cls.from_wire(json.dumps(wire)) == event
    assert events.decode(cls.TYPE, cls.VERSION, wire) == event
    assert json.loads(event.to_json()) == wire


@pytest.mark.parametrize("cls", ALL)
def test_snapshot_of_each_payload_is_stored_and_unchanged(cls: type[events.Event]) -> None:
    path = snapshots.path_for(cls.TYPE, cls.VERSION)
    assert path.exists(), (
        f"{cls.TYPE} v{cls.VERSION} has no stored contract: run `python3 -m tests.contracts.snapshots` "
        f"and commit {path.name}")
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored == snapshots.contract(cls), (
        f"the payload of {cls.TYPE} v{cls.VERSION} changed, but its VERSION did not. Give {cls.__name__} "
        f"VERSION = {cls.VERSION + 1} (keep the old class in desk_app/events/legacy.py while desks may hold it), "
        f"write its snapshot with `python3 -m tests.contracts.snapshots`, and update docs/events.md")


def test_every_snapshot_belongs_to_a_registered_type() -> None:
    """A snapshot outlives an old version (history), never its type: a stale file means a type was dropped."""
    latest = events.latest_types()
    for path in sorted(snapshots.SNAPSHOT_DIR.glob("*.json")):
        stored = json.loads(path.read_text(encoding="utf-8"))
        assert path.name == f"{stored['type']}.v{stored['version']}.json"
        assert stored["type"] in latest, f"{path.name}: no event type {stored['type']} is registered"
        assert stored["version"] <= latest[stored["type"]].VERSION, f"{path.name}: newer than the code"


def test_every_event_class_is_registered() -> None:
    registered = set(VERSIONS.values())
    for module in (events.circulation, events.patrons, events.staff, events.library, events.passbook):
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, events.Event) and obj is not events.Event and obj.__module__ == module.__name__:
                assert obj in registered, f"{obj.__name__} is not registered (@register)"


def test_types_are_named_noun_dot_verb_and_unique() -> None:
    types = [cls.TYPE for cls in events.latest_types().values()]
    assert len(types) == len(set(types))
    for t in types:
        noun, verb = t.split(".")
        assert noun and verb


@pytest.mark.parametrize(("literal", "enum"), [
    (base.ItemStatusValue, models.ItemStatus), (base.CardStatusValue, models.CardStatus),
    (base.CardKindValue, models.CardKind), (base.PatronKindValue, models.PatronKind),
    (base.IdKindValue, models.IdKind), (base.TransitKindValue, models.TransitKind),
    (base.StaffRoleValue, models.StaffRole),
])
def test_closed_sets_match_the_store(literal: Any, enum: type) -> None:
    """A status the store gains must reach the wire through a new VERSION, not silently."""
    assert set(get_args(literal)) == {e.value for e in enum}  # type: ignore[attr-defined]


# ---- timestamps, ids, contracts enforced -------------------------------------------------------


def test_timestamps_are_utc_with_offset_on_the_wire() -> None:
    taipei = dt.timezone(dt.timedelta(hours=8))
    event = events.LoanCheckedIn(at=dt.datetime(2026, 12, 3, 9, 30, tzinfo=taipei), actor=None, branch="MAIN",
                                 loan=example(events.LoanCheckedIn).loan, item="30001000000017")
    assert event.at == dt.datetime(2026, 12, 3, 1, 30, tzinfo=dt.timezone.utc)
    assert event.at.utcoffset() == dt.timedelta(0)
    assert event.to_wire()["at"] == "2026-12-03T01:30:00Z"
    assert dt.datetime.fromisoformat(event.to_wire()["at"]) == event.at


def test_a_naive_timestamp_is_refused_when_made_and_when_read() -> None:
    good = example(events.LoanCheckedIn)
    with pytest.raises(events.EventError, match="naive"):
        events.LoanCheckedIn(at=dt.datetime(2026, 12, 3), actor=None, branch=None, loan=good.loan, item=good.item)
    wire = dict(good.to_wire(), at="2026-12-03T01:30:00")
    with pytest.raises(events.EventError, match="timezone"):
        events.LoanCheckedIn.from_wire(wire)
    assert events.utc(dt.datetime(2026, 12, 3, 1, 30)) == dt.datetime(2026, 12, 3, 1, 30, tzinfo=dt.timezone.utc)


def test_a_wire_timestamp_with_another_offset_is_read_as_utc() -> None:
    wire = dict(example(events.LoanCheckedIn).to_wire(), at="2026-12-03T09:30:00+08:00")
    assert events.LoanCheckedIn.from_wire(wire).at == dt.datetime(2026, 12, 3, 1, 30, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(("field", "value", "why"), [
    ("loan", "1026", "a local integer key is not a global id"),
    ("loan", "0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B", "global ids are lower-case"),
    ("item", "", "a barcode is never empty"),
    ("extra", 1, "an unknown field breaks the contract"),
])
def test_a_payload_that_breaks_the_contract_is_refused(field: str, value: object, why: str) -> None:
    wire = dict(example(events.LoanCheckedIn).to_wire(), **{field: value})
    with pytest.raises(events.EventError):
        events.LoanCheckedIn.from_wire(wire)


def test_a_payload_missing_a_field_is_refused() -> None:
    wire = example(events.LoanRenewed).to_wire()
    del wire["due_date"]
    with pytest.raises(events.EventError, match="due_date"):
        events.decode("loan.renewed", 1, wire)


def test_unknown_type_or_version_is_a_clear_error() -> None:
    with pytest.raises(events.UnknownEvent, match="loan.teleported"):
        events.decode("loan.teleported", 1, {})
    with pytest.raises(events.UnknownEvent, match="loan.checked_out v99"):
        events.decode("loan.checked_out", 99, {})
    with pytest.raises(events.EventError, match="not JSON"):
        events.decode("loan.checked_in", 1, b"{not json")


def test_a_type_version_pair_cannot_be_registered_twice() -> None:
    class Twin(events.Event, frozen=True, kw_only=True):
        TYPE = "loan.checked_out"
        VERSION = 1

    with pytest.raises(events.EventError, match="twice"):
        events.register(Twin)
    assert events.event_class("loan.checked_out") is events.LoanCheckedOut


def test_events_are_frozen() -> None:
    event = example(events.LoanRenewed)
    with pytest.raises(AttributeError):
        event.renewals = 9  # type: ignore[misc]


def test_a_partial_update_carries_only_what_changed() -> None:
    event = events.PatronUpdated(at=WHEN, actor=None, branch=None, patron=example(events.PatronUpdated).patron,
                                 changes=events.PatronChanges(phone="0912345678", school=None))
    assert event.to_wire()["changes"] == {"phone": "0912345678", "school": None}
    back = events.decode("patron.updated", 1, event.to_json())
    assert back.changes.name is msgspec.UNSET and back.changes.school is None  # type: ignore[attr-defined]


def test_personal_data_and_secrets_never_show_in_repr() -> None:
    patron = msgspec.structs.replace(example(events.PatronCreated), national_id="A123456789", name="林美玲",
                                     email="mei@example.tw", phone="0912345678", address="臺北市中正區")
    text = repr(patron)
    for private in ("A123456789", "林美玲", "mei@example.tw", "0912345678", "臺北市中正區"):
        assert private not in text
    assert "A12*****89" in text and str(patron) == text
    staff = msgspec.structs.replace(example(events.StaffAdded), password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")
    assert staff.password_hash not in repr(staff)
    update = events.PatronUpdated(at=WHEN, actor=None, branch=None, patron=patron.patron,
                                  changes=events.PatronChanges(national_id="A123456789", email="a@example.tw"))
    assert "A123456789" not in repr(update) and "a@example.tw" not in repr(update)
    assert "A12*****89" in repr(update)
