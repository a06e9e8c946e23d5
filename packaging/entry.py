"""The frozen program's entry script: the Windows check first, then `dangjian` (no command: the window)."""

from dangjian_desktop.launcher import main

raise SystemExit(main())
