"""``python -m clean_strong.cli``: the same as the ``clean-strong`` command."""

import sys

from . import main

sys.exit(main())
