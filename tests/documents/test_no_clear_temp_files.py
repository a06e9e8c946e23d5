"""Exporting the package writes nothing with personal data to a temporary file: every document of the
package (the roster PDF carries full ID numbers) is built in memory. A crash cannot leave one behind."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import json, sys, tempfile
    from pathlib import Path

    opened = []
    temp = tempfile.gettempdir()

    def audit(event, args):
        if event == "open" and isinstance(args[0], (str, bytes)) and str(args[0]).startswith(temp):
            mode = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
            if any(flag in mode for flag in "wax+"):
                opened.append(str(args[0]))

    from dangjian_desktop.core.db import open_database
    from dangjian_desktop.core.demo import build_full_demo
    from dangjian_desktop.core.exchange.package_export import export_package
    from dangjian_desktop.documents.package import package_documents

    db = open_database(Path(sys.argv[1]))
    with db.transaction() as session:
        build_full_demo(session)
    sys.addaudithook(audit)
    export_package(db, Path(sys.argv[2]), attachments=package_documents())
    during_export = list(opened)
    with tempfile.NamedTemporaryFile("wb") as control:  # the hook does see a temporary file
        control.write(b"x")
    print(json.dumps({"export": during_export, "control": opened[len(during_export):]}))
    """
)


def test_the_package_documents_never_touch_a_temporary_file(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    (tmp_path / "stick").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "v.sqlite3"), str(tmp_path / "stick")],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "TMPDIR": str(temp)},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["export"] == [] and len(seen["control"]) == 1
    packages = list((tmp_path / "stick").glob("*.djpkg"))
    assert len(packages) == 1 and packages[0].stat().st_size > 10_000
