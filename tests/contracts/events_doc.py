"""The reference part of docs/events.md, written from the event classes so it never drifts from them.

`python3 -m tests.contracts.events_doc` rewrites the part between the markers;
test_events_doc checks that the file holds what this would write.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any

import msgspec.inspect as mi

from desk_app.events import Event, all_versions
from desk_app.events.base import GLOBAL_ID_PATTERN

DOC = Path(__file__).resolve().parents[2] / "docs" / "events.md"
BEGIN = "<!-- BEGIN GENERATED: python3 -m tests.contracts.events_doc -->"
END = "<!-- END GENERATED -->"
COMMON = ("at", "actor", "branch")


def _type(t: Any, nested: list[type]) -> str:
    if isinstance(t, mi.Metadata):
        return _type(t.type, nested)
    if isinstance(t, mi.UnionType):
        parts = [x for x in t.types if not isinstance(x, mi.NoneType)]
        text = " or ".join(_type(x, nested) for x in parts)
        return text + (", or null" if len(parts) < len(t.types) else "")
    if isinstance(t, mi.StrType):
        if t.pattern == GLOBAL_ID_PATTERN:
            return "global id"
        if t.pattern:
            return f"text matching `{t.pattern}`"
        limits = [f"≥ {t.min_length}" if t.min_length else "", f"≤ {t.max_length}" if t.max_length else ""]
        shown = ", ".join(x for x in limits if x)
        return f"text ({shown} chars)" if shown else "text"
    if isinstance(t, mi.IntType):
        return "integer" + (f" ≥ {t.ge}" if t.ge is not None else "")
    if isinstance(t, mi.BoolType):
        return "true/false"
    if isinstance(t, mi.DateTimeType):
        return "UTC timestamp"
    if isinstance(t, mi.DateType):
        return "date"
    if isinstance(t, mi.LiteralType):
        return "one of " + ", ".join(f"`{v}`" for v in t.values)
    if isinstance(t, mi.ListType):
        return f"list of {_type(t.item_type, nested)}"
    if isinstance(t, mi.StructType):
        if t.cls not in nested:
            nested.append(t.cls)
        return f"`{t.cls.__name__}` (below)"
    raise AssertionError(f"no wording for {t!r}")


def _fields(cls: type, skip: tuple[str, ...], nested: list[type]) -> list[str]:
    info = mi.type_info(cls)
    assert isinstance(info, mi.StructType)
    rows = []
    for f in info.fields:
        if f.name in skip:
            continue
        note = "" if f.required else " (left out when unchanged)"
        rows.append(f"| `{f.name}` | {_type(f.type, nested)}{note} |")
    return rows


def _doc(cls: type) -> str:
    text = inspect.getdoc(cls) or ""
    if cls.__doc__ is None or text == inspect.getdoc(Event):
        return ""
    return " ".join(line.strip() for line in text.split("\n\n")[0].splitlines())


def render() -> str:
    out = [BEGIN, "", "| type | version | class |", "|---|---|---|"]
    for (t, v), cls in all_versions().items():
        out.append(f"| [`{t}`](#{t.replace('.', '')}-v{v}) | {v} | `{cls.__name__}` |")
    out += ["", "Every payload also has `at`, `actor` and `branch` (see above).", ""]
    nested: list[type] = []
    for (t, v), cls in all_versions().items():
        out += [f"### `{t}` v{v}", ""]
        if _doc(cls):
            out += [_doc(cls), ""]
        out += ["| field | type |", "|---|---|", *_fields(cls, COMMON, nested), ""]
    for cls in nested:
        out += [f"### `{cls.__name__}`", ""]
        if _doc(cls):
            out += [_doc(cls), ""]
        out += ["| field | type |", "|---|---|", *_fields(cls, (), nested), ""]
    out.append(END)
    return "\n".join(out)


def current() -> str:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[start:end]


def write() -> None:
    text = DOC.read_text(encoding="utf-8")
    DOC.write_text(text.replace(current(), render()), encoding="utf-8")


if __name__ == "__main__":
    write()
    print(f"wrote {DOC}")
    sys.exit(0)
