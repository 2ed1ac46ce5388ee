"""User accounts and their roles."""

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..database import check_in, utcnow
from ..extensions import db
from ..roles import ROLES, STAFF_ROLES

if TYPE_CHECKING:
    from ..experts.models import Expert
    from ..taxonomy.models import Party


class User(UserMixin, db.Model):
    """Someone who signs in: a Party's focal point, an expert, staff or an admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))
    party_code: Mapped[str | None] = mapped_column(ForeignKey("parties.code"), index=True)
    expert_id: Mapped[int | None] = mapped_column(
        ForeignKey("experts.id", ondelete="SET NULL"), unique=True
    )
    is_active: Mapped[bool] = mapped_column(default=True)
    # Counts the deactivations: the sessions, API tokens and emailed links made before the
    # last one stay dead when the account is reactivated.
    credentials_version: Mapped[int] = mapped_column(default=0, server_default="0")
    locale: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    party: Mapped["Party | None"] = relationship()
    expert: Mapped["Expert | None"] = relationship()

    __table_args__ = (
        check_in("role", ROLES),
        CheckConstraint("role != 'party' OR party_code IS NOT NULL", name="party_has_party"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    def get_id(self) -> str:
        """The session's user id: the id and the credentials version (see load_user)."""
        return f"{self.id}-{self.credentials_version}"

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash of the password, never the password."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """Whether the password matches the stored hash."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_staff(self) -> bool:
        """Staff and admins run the help desk."""
        return self.role in STAFF_ROLES

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
