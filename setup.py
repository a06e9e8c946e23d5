"""Copies the top-level resources/ (fonts, icons, translations) into the built package.

The repository keeps resources/ beside the package, as DESIGN.md lays out; an installed copy needs them
inside the package, so a wheel carries them as dangjian_desktop/resources.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        source = Path(__file__).parent / "resources"
        target = Path(self.build_lib) / "dangjian_desktop" / "resources"
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
