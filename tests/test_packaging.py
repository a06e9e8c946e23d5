"""The packaging files agree with the package: one version source, migrations and help shipped."""

from __future__ import annotations

import re
from pathlib import Path

from dangjian_desktop import __version__

ROOT = Path(__file__).resolve().parents[1]


def test_spec_reads_the_one_version_and_ships_what_is_loaded_from_files() -> None:
    spec = (ROOT / "packaging" / "dangjian.spec").read_text("utf-8")
    pattern = re.search(r"re\.search\(r'(.+?)', \(PACKAGE", spec).group(1)
    init = (ROOT / "dangjian_desktop" / "__init__.py").read_text("utf-8")
    assert re.search(pattern, init).group(1) == __version__
    assert '"dangjian_desktop/migrations/versions"' in spec
    assert any((ROOT / "dangjian_desktop" / "migrations" / "versions").glob("0001_*.py"))
    assert '(str(ROOT / "resources"), "resources")' in spec
    for module in ("QtNetwork", "QtQml", "QtQuick", "QtWebEngineCore", "QtMultimedia", "tkinter"):
        assert module in spec
    assert 'name="dangjian-gui", console=False' in spec


def test_installer_takes_its_version_from_the_program_and_keeps_the_data() -> None:
    raw = (ROOT / "packaging" / "installer.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads a script without a BOM as ANSI
    text = raw.decode("utf-8-sig")
    assert __version__ not in text  # no second copy of the version to forget
    assert 'GetStringFileInfo(DistDir + "\\" + AppExe, "ProductVersion")' in text
    assert "PrivilegesRequired=lowest" in text
    assert "ChineseSimplified.isl" in text
    assert "{autodesktop}" in text
    assert "[UninstallDelete]" not in text.replace("No [UninstallDelete]", "")


def test_pyproject_version_is_the_package_version() -> None:
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    assert re.search(r'^dynamic = \["version"\]', text, re.MULTILINE)
    assert not re.search(r"^version = \"", text, re.MULTILINE)  # no second copy
    assert 'version = { attr = "dangjian_desktop.__version__" }' in text


def test_the_guide_is_shipped_with_the_resources() -> None:
    guide = (ROOT / "resources" / "help" / "guide.html").read_text("utf-8")
    assert "http://" not in guide and "https://" not in guide  # nothing that needs a network
