"""``python -m gateway`` works like ``alerts-gateway``."""

from gateway.cli import main

raise SystemExit(main())
