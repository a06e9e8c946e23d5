"""The documents layer: gathers each printed document's data and calls printing/ (GUI, CLI, package)."""
