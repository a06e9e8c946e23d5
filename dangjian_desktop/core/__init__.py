"""Domain services and storage. Never imports Qt: the CLI, the tests and the GUI all call these."""
