"""dangjian_desktop: the offline paperwork of a village party branch."""

__version__ = "0.1.0"
APP_NAME = "党务台账"
