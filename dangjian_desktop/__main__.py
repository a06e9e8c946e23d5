from dangjian_desktop.launcher import main

raise SystemExit(main())
