"""`main.py translations build|update`: compile the .qm catalogues, or refresh the .ts sources.

`build` is what installers and CI run (the desk also builds on demand at start-up);
`update` is what a developer runs after adding strings, before translating them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import desk_app

# Folders whose Python sources carry user-facing strings (tests do not).
SOURCE_PACKAGES = ("desk_app", "drivers")


def source_root() -> Path:
    return Path(desk_app.__file__).resolve().parent.parent


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("translations", help="build the .qm files, or update the .ts files from the code")
    parser.add_argument("action", choices=["build", "update"])
    parser.add_argument("--force", action="store_true", help="build: rebuild even if up to date")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from desk_app.ui import i18n  # Qt is only needed by this command, not by the CLI at large

    ts_files = i18n.all_ts_files()
    if not ts_files:
        print(f"錯誤 / Error: no .ts files in {i18n.translations_dir()}", file=sys.stderr)
        return 1
    if args.action == "update":
        return update(ts_files, i18n.qt_tool("lupdate"))
    failed = 0
    for ts in ts_files:
        lang = ts.stem.removeprefix(f"{i18n.CATALOGUE}_")
        qm = i18n.ensure_qm(lang, force=args.force)
        if qm is None or i18n.is_stale(ts, qm):
            print(f"錯誤 / Error: could not build {ts.name}", file=sys.stderr)
            failed += 1
        else:
            print(f"{ts.name} -> {qm}")
    return 1 if failed else 0


def update(ts_files: list[Path], lupdate: Path) -> int:
    """Extract every tr()/translate()/QT_TRANSLATE_NOOP string; drop strings the code no longer has."""
    root = source_root()
    sources = [str(root / name) for name in SOURCE_PACKAGES if (root / name).is_dir()]
    command = [str(lupdate), "-extensions", "py", "-locations", "none", "-no-obsolete", *sources,
               "-ts", *[str(ts) for ts in ts_files]]
    result = subprocess.run(command, cwd=root, check=False)
    return result.returncode
