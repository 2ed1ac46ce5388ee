"""Who may see a knowledge product: the Python check and its SQL filter side by side."""

from typing import TYPE_CHECKING

from sqlalchemy import true

from .models import KnowledgeProduct

if TYPE_CHECKING:
    from ..accounts.models import User


def _is_staff(user: "User | None") -> bool:
    return user is not None and user.is_authenticated and user.is_staff


def can_see(product: KnowledgeProduct, user: "User | None") -> bool:
    """Anyone sees a public product; staff also those kept for staff."""
    return product.is_public or _is_staff(user)


def visible_to(user: "User | None"):
    """The SQL condition of the products `can_see` lets the user see."""
    if _is_staff(user):
        return true()
    return KnowledgeProduct.visibility == "public"
