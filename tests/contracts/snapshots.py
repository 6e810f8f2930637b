"""The stored contract of every event type: its payload's JSON Schema, one file per (type, version).

`python3 -m tests.contracts.snapshots` writes the snapshot of each registered version that has
none yet. It never rewrites one: a payload that changes gets a new VERSION and a new file, and
the old file stays as the record of what desks may still send.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from desk_app.events import all_versions
from desk_app.events.base import Event

SNAPSHOT_DIR = Path(__file__).with_name("events")
_DOC_KEYS = {"title", "description"}  # documentation, not contract: a reworded docstring changes no payload


def _strip(node: Any, in_properties: bool = False) -> Any:
    if isinstance(node, dict):
        return {k: _strip(v, k == "properties" and not in_properties) for k, v in node.items()
                if in_properties or k not in _DOC_KEYS}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def contract(cls: type[Event]) -> dict[str, Any]:
    """What a snapshot holds: the type, the version and the payload's schema (field names, types, rules)."""
    return {"type": cls.TYPE, "version": cls.VERSION, "schema": _strip(msgspec.json.schema(cls))}


def path_for(event_type: str, version: int) -> Path:
    return SNAPSHOT_DIR / f"{event_type}.v{version}.json"


def render(cls: type[Event]) -> str:
    return json.dumps(contract(cls), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_missing() -> list[Path]:
    written = []
    SNAPSHOT_DIR.mkdir(exist_ok=True)
    for (event_type, version), cls in all_versions().items():
        path = path_for(event_type, version)
        if not path.exists():
            path.write_text(render(cls), encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    for p in write_missing():
        print(f"wrote {p}")
    sys.exit(0)
