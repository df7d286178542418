"""``python -m sphinx_council.cli``: the ``council`` command."""

import sys

from . import main

sys.exit(main())
