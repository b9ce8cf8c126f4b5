from handbook.cli import main

raise SystemExit(main())
