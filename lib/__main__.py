"""``python -m lib <command>``: the command line itself is :mod:`lib.run.cli`."""

import sys

from lib.run.cli import main

sys.exit(main())
