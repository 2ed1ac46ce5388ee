"""gunicorn settings for Expert Pool, from the environment (see the README's "Production").

    gunicorn --config gunicorn.conf.py wsgi:app
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Each web worker loads the embedding models (about 300 MB): size WEB_WORKERS to the memory.
workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle a worker now and then so that no leak grows for ever.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
# Load the app (and its models) once in the master, then fork: the workers share the memory.
preload_app = os.environ.get("WEB_PRELOAD", "1") not in {"0", "false", "no"}
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Load the embedding models and build the matcher before the worker serves, so that no
    request waits for them (a database not ready yet only leaves the matcher to the first
    match)."""
    from expert_pool.matching.services import get_embedder, warm_matcher

    with worker.wsgi.app_context():
        get_embedder()
        try:
            warm_matcher()
        except Exception:
            worker.log.exception("the matcher could not be built before serving")
