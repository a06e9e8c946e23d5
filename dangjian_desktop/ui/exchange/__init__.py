"""Roster import and export in the window. The roster tab puts two buttons on these functions."""

from dangjian_desktop.ui.exchange.export_action import run_export_dialog
from dangjian_desktop.ui.exchange.import_dialog import run_import_dialog

__all__ = ["run_export_dialog", "run_import_dialog"]
