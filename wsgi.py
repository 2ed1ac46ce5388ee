"""The WSGI entry point: `flask --app wsgi ...` and application servers import `app` from here."""

import os

from expert_pool import create_app
from expert_pool.logs import configure_logging
from expert_pool.matching import limit_blas_threads

# Idle BLAS threads spinning beside the embedding model slow every match down; a web worker
# gains nothing from them (see bench/README.md).
blas_limits = limit_blas_threads(1)
configure_logging(os.environ.get("LOG_LEVEL", "INFO"))
app = create_app()
