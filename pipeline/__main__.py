"""`python -m pipeline` is the same as the `jazba` command."""
import sys

from .cli import main

sys.exit(main())
