"""Allow ``python -m qa_desk`` to behave exactly like the ``qa-desk`` command."""

import sys

from qa_desk.cli import main

sys.exit(main())
