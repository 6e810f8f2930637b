#!/usr/bin/env bash
# Installs what LibDesk needs on a fresh Debian/Ubuntu machine, then the package itself.
#   bash scripts/install.sh          the desk (Qt runtime libraries, CJK font, pcscd, Python packages)
#   bash scripts/install.sh --test   also what the tests need (vpcd, Xvfb, PostgreSQL, pdftotext, test packages)
# apt steps run only as root (or with sudo available); pip installs into the active Python.
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_TESTS=0
[ "${1:-}" = "--test" ] && WITH_TESTS=1

DESK_APT=(
  # Qt offscreen/xcb runtime (STACK-NOTES: Qt)
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libpulse0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
  libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 libxrandr2
  # Traditional Chinese font: without it Chinese renders as boxes or Japanese glyph forms
  fonts-noto-cjk
  # PC/SC: the daemon, its client library, and what pyscard builds against
  pcscd libpcsclite1 libpcsclite-dev libccid gcc python3-dev swig
)
TEST_APT=(
  vsmartcard-vpcd xvfb xauth x11-utils poppler-utils postgresql
  # packaging tests: a venv for the wheel test
  python3-venv
  # the .deb test: validate the menu entry; the Windows installer script is compiled with makensis
  desktop-file-utils nsis
)

apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "Not root and no sudo: install these Debian packages yourself: $*" >&2; return 0; fi
  fi
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

if command -v apt-get >/dev/null 2>&1; then
  apt_install "${DESK_APT[@]}"
  [ $WITH_TESTS -eq 1 ] && apt_install "${TEST_APT[@]}"
fi

PY=${PYTHON:-python3}
if [ $WITH_TESTS -eq 1 ]; then
  "$PY" -m pip install --quiet --disable-pip-version-check -e ".[test]"
else
  "$PY" -m pip install --quiet --disable-pip-version-check -e .
fi
# Compile the translations now (the desk would also do it on first start).
"$PY" main.py translations build >/dev/null 2>&1 || true
echo "LibDesk installed."
