"""Flask extensions, created unbound and initialised by the application factory."""

from collections.abc import Callable
from pathlib import Path

from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from .database import Base
from .exceptions import ApiErrorSchema

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


class JsonErrorApi(Api):
    """flask-smorest without its app-wide error handler: errors.py answers JSON or HTML by path,
    and the OpenAPI document describes our error envelope."""

    ERROR_SCHEMA = ApiErrorSchema

    def _register_error_handlers(self) -> None:
        return None


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
babel = Babel()
bootstrap = Bootstrap5()
api = JsonErrorApi()


def init_app(app, locale_selector: Callable[[], str] | None = None) -> None:
    """Bind every extension to the app; `locale_selector` chooses each request's language."""
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=locale_selector)
    bootstrap.init_app(app)
    api.init_app(app)
