"""Expert matching. The engine (`expert_pool.matching.engine`) is pure: no Flask, no database.

The package's public names are the engine's: `from expert_pool.matching import Matcher`.
"""

from .engine import *  # noqa: F403
from .engine import __all__  # noqa: F401
