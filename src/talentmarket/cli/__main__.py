"""`python -m talentmarket.cli`: the same as the `talentmarket` console script."""

from talentmarket.cli import main

raise SystemExit(main())
