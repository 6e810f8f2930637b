"""The desk's language: Traditional Chinese (zh_TW) first, English second.

English is the source text everywhere, so "en" needs no catalogue. For zh_TW the
desk loads Qt's own `qtbase_zh_TW.qm` (dialog buttons, print dialogs) and
LibDesk's `libdesk_zh_TW.qm`. The .qm files are build products, never committed:
the wheel's build step compiles them into the package (see docs/translations.md);
in a source checkout they are built from `desk_app/resources/translations/*.ts`
with lrelease whenever one is missing or was built from another .ts, so a fresh
checkout is in Chinese without a manual step. The core cannot call Qt, so its
`Message`s are translated here (context "core") and only then formatted with
their parameters.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from platformdirs import user_cache_dir
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from desk_app.core.messages import CONTEXT as CORE_CONTEXT
from desk_app.core.messages import DeskError, Message
from desk_app.resources import catalogues, resource

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "zh_TW"
LANGUAGES = ("zh_TW", "en")
CATALOGUE = "libdesk"

# Qt's fallback font draws Japanese glyph forms for Han text unless a Traditional
# Chinese family is named first (STACK-NOTES); these cover Linux, Windows, macOS.
CJK_FAMILIES = ["Noto Sans CJK TC", "Microsoft JhengHei UI", "Microsoft JhengHei", "PingFang TC", "Noto Sans TC"]

# QTranslators must outlive their installation; Qt does not keep a reference.
_installed: list[QTranslator] = []


def translations_dir() -> Path:
    """Where the committed .ts sources live (and the .qm files, if that folder is writable)."""
    return resource("translations")


def qt_tool(name: str) -> Path:
    """The path of a Qt tool (lrelease, lupdate) that ships inside the PySide6 wheel."""
    import sys

    import PySide6

    exe = name + (".exe" if sys.platform == "win32" else "")
    return Path(PySide6.__file__).resolve().parent / exe


def ts_path(lang: str) -> Path:
    return translations_dir() / f"{CATALOGUE}_{lang}.ts"


def _qm_dir() -> Path:
    """Next to the .ts: shipped there by the wheel, or built there in a writable checkout.

    Where that folder is read-only and holds no current .qm (an installation whose .qm
    went missing), the user's cache folder takes the build instead.
    """
    source = translations_dir()
    if source.is_dir() and os.access(source, os.W_OK):
        return source
    return Path(user_cache_dir("LibDesk", "LibDesk")) / "translations"


def qm_path(lang: str) -> Path:
    shipped = translations_dir() / f"{CATALOGUE}_{lang}.qm"
    ts = ts_path(lang)
    if ts.exists() and catalogues.is_current(ts, shipped):
        return shipped
    return _qm_dir() / f"{CATALOGUE}_{lang}.qm"


def build_qm(ts: Path, qm: Path) -> None:
    """Compile `ts` into `qm` (atomically, stamped with the .ts's digest)."""
    catalogues.build_qm(ts, qm, qt_tool("lrelease"))


def is_stale(ts: Path, qm: Path) -> bool:
    """Missing, or built from another version of the .ts (file times are not trusted: installers reset them)."""
    return not catalogues.is_current(ts, qm)


def ensure_qm(lang: str, force: bool = False) -> Path | None:
    """The compiled catalogue for `lang`, built now if missing or stale; None if there is none.

    A failed build is logged, not raised: a desk in English is better than no desk.
    """
    ts = ts_path(lang)
    if not ts.exists():
        return None
    qm = qm_path(lang)
    if force or is_stale(ts, qm):
        try:
            build_qm(ts, qm)
        except (OSError, RuntimeError) as exc:
            log.warning("could not build the %s translation: %s", lang, exc)
    return qm if qm.exists() else None


def all_ts_files() -> list[Path]:
    return sorted(translations_dir().glob(f"{CATALOGUE}_*.ts"))


def normalise_language(lang: str | None) -> str:
    """'zh-TW', 'zh_Hant_TW' and None all mean the default; anything English means 'en'."""
    if not lang:
        return DEFAULT_LANGUAGE
    value = lang.replace("-", "_")
    if value.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def install_translators(app: QCoreApplication, lang: str = DEFAULT_LANGUAGE) -> list[QTranslator]:
    """Switch the application to `lang`: Qt's own strings, LibDesk's strings, locale and font.

    Calling it again replaces the previous language. Returns the installed translators.
    """
    lang = normalise_language(lang)
    remove_translators(app)
    QLocale.setDefault(QLocale(lang))
    if lang != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_translator = QTranslator(app)
        if qt_translator.load(f"qtbase_{lang}", qt_dir):
            _installed.append(qt_translator)
        else:
            log.warning("Qt's own %s translation was not found in %s", lang, qt_dir)
        qm = ensure_qm(lang)
        own = QTranslator(app)
        if qm is not None and own.load(str(qm)):
            _installed.append(own)
        else:
            log.warning("LibDesk's %s translation is missing; showing English", lang)
    for translator in _installed:
        app.installTranslator(translator)
    if isinstance(app, QGuiApplication):
        apply_ui_font(app, lang)
    return list(_installed)


def remove_translators(app: QCoreApplication) -> None:
    """Back to the English source texts (tests use this to leave the application as they found it)."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()


def apply_ui_font(app: QGuiApplication, lang: str = DEFAULT_LANGUAGE) -> QFont:
    """Name a Traditional Chinese family first so Han text gets Taiwanese glyph forms."""
    font = QFont(app.font())
    available = set(QFontDatabase.families())
    families = [f for f in CJK_FAMILIES if f in available]
    if not families:
        log.warning("no Traditional Chinese font found (install fonts-noto-cjk)")
        return font
    font.setFamilies(families + [f for f in font.families() if f not in families])
    app.setFont(font)
    return font


def translate(context: str, text: str) -> str:
    """Qt's translate with a stable Python signature, for code that has no QObject at hand."""
    return QCoreApplication.translate(context, text)


def tr_text(context: str, text: str, **params: object) -> str:
    """Translate `text` in `context` (e.g. "drivers"), then fill in its {params}; English if broken."""
    translated = QCoreApplication.translate(context, text)
    try:
        return translated.format(**params)
    except (KeyError, IndexError, ValueError):
        log.warning("broken translation for %s message %r", context, text)
        return text.format(**params)


def tr_core(message: Message | DeskError) -> str:
    """A core message in the desk's language, its {params} filled in after translation.

    If a translation is broken (a placeholder missing or misspelt), the English source
    is shown rather than an exception at the counter.
    """
    msg = message.message if isinstance(message, DeskError) else message
    try:
        return msg.format(translate)
    except (KeyError, IndexError, ValueError):
        log.warning("broken translation for core message %r", msg.text)
        return msg.text.format(**msg.params)


__all__ = [
    "CORE_CONTEXT",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "all_ts_files",
    "apply_ui_font",
    "build_qm",
    "ensure_qm",
    "install_translators",
    "qt_tool",
    "remove_translators",
    "tr_core",
    "tr_text",
    "translate",
]
