"""Every list endpoint and page reads its rows with a fixed number of SQL statements: a bigger
page (or a bigger vocabulary) costs no more statements, so nothing is lazily loaded row by row."""

from collections import Counter
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from expert_pool.events.services import create_event
from expert_pool.experts.services import add_publication, update_expert
from expert_pool.extensions import db
from expert_pool.taxonomy.services import ensure_tags
from tests.world import bearer, browser, make_expert, make_request, make_user, world  # noqa: F401 (fixtures)

ROWS = 5
SMALL, LARGE = 2, ROWS

# (role, path): every GET list of the pages and of the API with no argument in its path. The
# pages that run the matcher (ad-hoc and batch matching, coverage gaps) are measured in bench/.
PAGED = [
    ("party", "/requests/mine"),
    ("expert", "/invitations"),
    ("staff", "/queue"),
    ("staff", "/staff/experts"),
    ("staff", "/staff/experts?sort=load"),
    ("admin", "/users"),
    ("staff", "/outbox"),
    (None, "/experts"),
    ("staff", "/experts"),
    ("staff", "/events"),
    ("party", "/api/v1/requests"),
    ("expert", "/api/v1/requests"),
    ("staff", "/api/v1/requests"),
    (None, "/api/v1/experts"),
    ("staff", "/api/v1/experts"),
    ("staff", "/api/v1/events"),
    ("party", "/"),
    ("expert", "/"),
    ("staff", "/"),
]
# Lists that show every row: measured with a small and a larger vocabulary and history.
WHOLE = [
    (None, "/api/v1/taxonomy/tags"),
    (None, "/api/v1/taxonomy/targets"),
    (None, "/api/v1/taxonomy/parties"),
    ("admin", "/taxonomy"),
    ("staff", "/reports"),
    ("staff", "/api/v1/reports/summary"),
    ("staff", "/reports/biennial"),
]


def growth(before: list[str], after: list[str]) -> str:
    """What grew: the statements run more often the second time."""
    more = Counter(after) - Counter(before)
    lines = [f"{n} x {statement[:300]}" for statement, n in more.most_common()]
    return f"{len(before)} statements, then {len(after)}; more often:\n" + "\n".join(lines)


@contextmanager
def counting():
    """Count the SQL statements run inside the block."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def add_rows(desk, new_request, start: int, count: int) -> None:
    """`count` more of everything the lists show: experts with tags, languages and a publication,
    tags with aliases, requests in progress (the first expert invited), users, events, mail."""
    ensure_tags(
        [
            {
                "name": f"topic {n}",
                "category": "methods",
                "aliases_en": [f"t{n}"],
                "aliases_zh": [f"主题{n}"],
            }
            for n in range(start, start + count)
        ]
    )
    db.session.commit()
    for n in range(start, start + count):
        user = make_expert(100 + n, f"Expert {n:02d}", is_public=True)
        update_expert(
            user.expert,
            {"tags": ["mangrove restoration", f"topic {n}"], "languages": ["en", "km"]},
            desk.staff,
        )
        add_publication(user.expert, {"title": f"Paper {n}", "year": 2024}, desk.staff)
        make_user(f"staff{n}@example.org", "staff")
        create_event(
            {
                "title": f"Workshop {n}",
                "type": "workshop",
                "start_date": date(2026, 5, 1 + n),
                "end_date": date(2026, 5, 1 + n),
                "place": "Phnom Penh",
                "parties": ["KHM"],
                "targets": [3],
                "experts": [user.expert_id],
                "participants": [
                    {"party": "KHM", "role": "official", "gender": "female", "count": 3}
                ],
            },
            desk.staff,
        )
        db.session.commit()
        new_request("in_progress", tags=["mangrove restoration", f"topic {n}"])


@pytest.fixture
def lists(app, request):
    """A world with ROWS rows of every list, and a way to read a path as a role (None: anyone)."""
    desk, new_request = request.getfixturevalue("world"), request.getfixturevalue("make_request")
    sign_in = request.getfixturevalue("browser")
    add_rows(desk, new_request, 0, ROWS)
    clients, tokens = {}, {}

    def read(role, path):
        if role not in clients:
            clients[role] = app.test_client() if role is None else sign_in(desk.by_role(role))
        headers = {}
        if role is not None and path.startswith("/api/"):
            tokens.setdefault(role, bearer(clients[role], desk.by_role(role).email))
            headers = tokens[role]
        db.session.expire_all()
        with counting() as statements:
            response = clients[role].get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)
        return statements

    read.more = lambda: add_rows(desk, new_request, ROWS, ROWS)
    return read


@pytest.mark.parametrize("role,path", PAGED, ids=lambda v: str(v))
def test_a_bigger_page_costs_no_more_statements(app, lists, role, path):
    app.config["PAGE_SIZE"] = SMALL
    small = lists(role, path)
    app.config["PAGE_SIZE"] = LARGE
    large = lists(role, path)
    assert len(large) <= len(small), growth(small, large)


@pytest.mark.parametrize("role,path", WHOLE, ids=lambda v: str(v))
def test_a_bigger_vocabulary_costs_no_more_statements(app, lists, role, path):
    before = lists(role, path)
    lists.more()
    after = lists(role, path)
    assert len(after) <= len(before), growth(before, after)
