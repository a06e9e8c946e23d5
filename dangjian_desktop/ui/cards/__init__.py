"""The 明白卡 tab: each member's responsibility card of a year, from proposal to the wall."""
