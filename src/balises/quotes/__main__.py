"""`python -m balises.quotes FILE.ttl`: check a file's quotes against the corpus (quotes/integrity.py)."""

import sys

from .integrity import main

sys.exit(main())
