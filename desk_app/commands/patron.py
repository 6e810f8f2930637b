"""`python main.py patron export CARD_OR_ID --out FILE`: a patron's own data, for a subject-access request.

A staff member allowed to export (supervisor, administrator) signs in at the shell;
core checks the permission before it even looks the patron up, and audits the
export (masked). The file is created new, readable only by its owner (0600), and
never overwrites anything: a subject-access export must not silently replace
another patron's. Bad input (malformed or unknown card or ID) prints a reason,
exits 1 and writes nothing. The full ID is in the file (it is the patron's own
data), never on the terminal.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from desk_app.commands.common import add_actions, add_db_option, fail, open_db_or_exit
from desk_app.commands.terminal import sign_in
from desk_app.core.staff import privacy
from desk_app.core.patrons.ids import InvalidIdError, normalise, parse_card_number, parse_id
from desk_app.core.messages import DeskError

def _check_shape(card_or_id: str) -> None:
    """Malformed input is refused before anyone is asked for a password (InvalidIdError)."""
    value = normalise(card_or_id)
    if len(value) > 10:
        parse_card_number(value)
    else:
        parse_id(value)


def write_new_private(path: Path, text: str) -> None:
    """Create `path` (never replacing a file), mode 0600, and write `text` durably; no file is left on failure."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists():
        return fail(f"{out} already exists; choose a new file name (an export never overwrites a file).")
    if not out.parent.is_dir():
        return fail(f"the folder {out.parent} does not exist.")
    try:
        _check_shape(args.card_or_id)
    except InvalidIdError as exc:
        return fail(exc)
    engine, factory = open_db_or_exit(args)
    try:
        actor = sign_in(factory)
        patron_id = privacy.find_patron_for_request(factory, actor, args.card_or_id)
        text = privacy.export_patron_json(factory, actor, patron_id)
        write_new_private(out, text + "\n")
    except DeskError as exc:
        return fail(exc)
    except FileExistsError:
        return fail(f"{out} already exists; choose a new file name (an export never overwrites a file).")
    except OSError as exc:
        return fail(f"{out} could not be written ({exc.strerror}).")
    finally:
        engine.dispose()
    print(f"已匯出 / Exported: {out} (0600; give it to the patron, then delete your copy)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub = add_actions(subparsers, "patron", help="a patron's own data (subject-access request) / 個資查詢")
    export = sub.add_parser("export", help="export everything held about one patron as JSON (asks for a sign-in)")
    export.add_argument("card_or_id", metavar="CARD_OR_ID", help="library card number or national ID")
    export.add_argument("--out", required=True, metavar="FILE", help="the new JSON file (never overwritten)")
    add_db_option(export)
    export.set_defaults(handler=_export)
