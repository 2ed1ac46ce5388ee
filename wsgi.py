"""The WSGI entry point: `flask --app wsgi ...` and application servers import `app` from here."""

from expert_pool import create_app

app = create_app()
