"""The WSGI entry point: `flask --app wsgi ...` and application servers import `app` from here."""

from expert_pool import create_app
from expert_pool.matching import limit_blas_threads

# Idle BLAS threads spinning beside the embedding model slow every match down; a web worker
# gains nothing from them (see bench/README.md).
blas_limits = limit_blas_threads(1)
app = create_app()
