"""Units of work: each function is one user action that writes, opening and committing its own
transaction on the `Database` it is given. The GUI (through ui/ops.py), the CLI and tests call these;
the session-level functions in core/<feature>.py are their building blocks."""
