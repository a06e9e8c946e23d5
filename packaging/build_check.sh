#!/usr/bin/env bash
# Packaging check (not part of the test suite): build the one-folder bundle with packaging/dangjian.spec
# and run it frozen, with no source tree on the path and no display.
#
#   packaging/build_check.sh            (from anywhere; needs python3 >= 3.10 and the network for pip)
#
# Steps: a fresh venv in build/pkg-venv, `pip install . pyinstaller`, pyinstaller, then from an empty
# temporary directory: `dangjian --db TMP demo`, `dangjian --db TMP check`, `dangjian --db TMP print
# roster`, and the window opened and closed headless (QT_QPA_PLATFORM=offscreen). Prints the bundle size.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="${DANGJIAN_BUILD_VENV:-$ROOT/build/pkg-venv}"
DIST="$ROOT/dist/dangjian"

cd "$ROOT"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
# Not editable: the frozen program must not find the checkout through a .pth file.
"$VENV/bin/python" -m pip install --quiet . "pyinstaller>=6.10"

"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --workpath "$ROOT/build/pyinstaller" --distpath "$ROOT/dist" packaging/dangjian.spec

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"  # an empty directory: nothing of the source tree is importable from here
export QT_QPA_PLATFORM=offscreen
unset PYTHONPATH DANGJIAN_DB
DB="$WORK/check.sqlite3"
status=0
run() {
    echo "+ $*"
    if "$@"; then echo "  -> ok"; else echo "  -> FAILED ($?)"; status=1; fi
}
run "$DIST/dangjian" --version
run "$DIST/dangjian" --db "$DB" demo
run "$DIST/dangjian" --db "$DB" check
run "$DIST/dangjian" --db "$DB" print roster --out "$WORK/roster.pdf"
# `dangjian-gui` (and `dangjian` with no command) opens the window; DANGJIAN_SMOKE_EXIT closes it
# again once it is shown and reports whether Qt's Chinese strings were found.
run env DANGJIAN_SMOKE_EXIT=1 "$DIST/dangjian-gui" --db "$DB"
run env DANGJIAN_SMOKE_EXIT=1 "$DIST/dangjian" --db "$DB"

echo
echo "bundle: $DIST"
du -sh "$DIST" | awk '{print "bundle size: " $1}'
echo "files: $(find "$DIST" -type f | wc -l)"
if [ "$status" -eq 0 ]; then echo "packaging check: all commands succeeded"; else echo "packaging check: FAILED"; fi
exit "$status"
