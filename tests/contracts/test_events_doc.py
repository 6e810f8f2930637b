"""docs/events.md lists every event, its version and its fields exactly as the classes define them."""

from __future__ import annotations

from desk_app import events
from tests.contracts import events_doc


def test_the_reference_in_docs_is_current() -> None:
    assert events_doc.current() == events_doc.render(), (
        "docs/events.md is out of date: run `python3 -m tests.contracts.events_doc`")


def test_every_type_is_in_the_use_case_table_or_the_stage_two_list() -> None:
    text = events_doc.DOC.read_text(encoding="utf-8").split("## Versioning rule")[0]
    for event_type in events.latest_types():
        assert f"`{event_type}`" in text, f"docs/events.md does not say who writes {event_type}"
