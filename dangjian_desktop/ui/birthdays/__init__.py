"""The 政治生日 tab: month view, upcoming list, the 6+X record, the opening reminder."""
