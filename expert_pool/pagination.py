"""One page of a query: the pages and the API page every list the same way."""

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from .extensions import db
from .routing import MAX_ID

MAX_PER_PAGE = 100
# The last page number asked for that is read as itself (the offset of a larger one does not fit
# the databases' integers); beyond it, every page is empty like any page past the end.
MAX_PAGE = MAX_ID


def paginate(query: Select, page: int = 1, per_page: int | None = None) -> Pagination:
    """One page of a select(): PAGE_SIZE rows by default, at most MAX_PER_PAGE; a page number
    below 1 is the first page, one past the end is empty."""
    return db.paginate(
        query,
        page=min(max(page, 1), MAX_PAGE),
        per_page=per_page or current_app.config["PAGE_SIZE"],
        max_per_page=MAX_PER_PAGE,
        error_out=False,
    )


class _ListPagination(Pagination):
    """A page of a list already in order (the items are sliced, not queried)."""

    def _query_items(self) -> list:
        items = self._query_args["items"]
        return list(items[self._query_offset : self._query_offset + self.per_page])

    def _query_count(self) -> int:
        return len(self._query_args["items"])


def paginate_list(items: list, page: int = 1, per_page: int | None = None) -> Pagination:
    """One page of an ordered list, paged like `paginate` pages a query."""
    return _ListPagination(
        page=min(max(page, 1), MAX_PAGE),
        per_page=per_page or current_app.config["PAGE_SIZE"],
        max_per_page=MAX_PER_PAGE,
        error_out=False,
        items=items,
    )
