"""The names core gives its rows on the wire: global ids for local keys, codes for branches.

Events name rows by global id and branches by code (desk_app.events); core works with
local integer keys. These reads turn one into the other, prepared once (see sql.py).
A staff member's id and the desk's branch hardly ever change, so `Ctx.origin` keeps
them for the life of the desk's rule cache instead of reading them on every scan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, select

from desk_app.core.sql import DB, Prepared
from desk_app.core.staff.permissions import Actor
from desk_app.events import utc
from desk_app.store.models import BibRecord, Branch, Hold, LibraryCard, Loan, Patron, PointEntry, Staff, Suspension

_BY_ID: dict[type, Prepared] = {
    model: Prepared(select(model.global_id).where(model.id == bindparam("row_id")))
    for model in (BibRecord, Hold, LibraryCard, Loan, Patron, PointEntry, Staff, Suspension)
}
_BRANCH_CODE = Prepared(select(Branch.code).where(Branch.id == bindparam("row_id")))


def global_id(db: DB, model: Any, row_id: int | None) -> str | None:
    """The global id of `model`'s row `row_id` (None for no row)."""
    if row_id is None:
        return None
    found = _BY_ID[model].scalar(db, {"row_id": row_id})
    return None if found is None else str(found)


def branch_code(db: DB, branch_id: int | None) -> str | None:
    """A branch's code, how events name it (None for no branch, or one the desk does not know)."""
    if not branch_id:
        return None
    found = _BRANCH_CODE.scalar(db, {"row_id": branch_id})
    return None if found is None else str(found)


def actor_names(db: DB, actor: Actor) -> tuple[str | None, str | None]:
    """(the acting staff member's global id, the code of the branch they work at): every event's `actor`, `branch`."""
    return global_id(db, Staff, actor.staff_id), branch_code(db, actor.branch_id)


def origin(db: DB, actor: Actor, now: dt.datetime) -> dict[str, Any]:
    """`Ctx.origin` for use cases that run without a Ctx (staff accounts, privacy duties)."""
    staff, branch = actor_names(db, actor)
    return {"at": utc(now), "actor": staff, "branch": branch}
