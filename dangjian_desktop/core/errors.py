"""One base for every error a user is meant to read: its message is Chinese and names the problem.

The CLI prints it and exits 1; the GUI shows it next to the field or in one message box.
"""


class UserError(ValueError):
    pass
