"""How fast the staff dashboard renders for a period of many requests.

Builds a database with the seeded taxonomy, Parties and 170 experts, then N synthetic requests
(default 10,000) spread over 2025-2026 with realistic histories written straight into the tables
(requests, targets, assignments, audit events; the workflow services would take minutes), and
200 capacity-building events. Then it times, median of --runs: the figures alone
(`compute_figures`), the API summary, and the whole dashboard page (GET /reports as staff).

    python bench/dashboard_speed.py [--requests 10000] [--runs 7] [--database URL]

Without --database it uses a temporary SQLite file; a PostgreSQL URL is emptied first.
"""

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text

from expert_pool import create_app
from expert_pool.accounts.models import User
from expert_pool.accounts.services import create_user
from expert_pool.audit.models import AuditEvent
from expert_pool.config import normalise_database_url
from expert_pool.dates import Period
from expert_pool.events.models import CapacityEvent, EventParticipants
from expert_pool.experts.models import Expert
from expert_pool.extensions import db
from expert_pool.helpdesk.models import Assignment, CooperationRequest, request_targets
from expert_pool.reports.figures import compute_figures
from expert_pool.seeding import seed

PASSWORD = "bench password 1"
PARTIES = ("KHM", "CHN", "NPL", "PAK")
TYPES = (
    "technical_consultation",
    "capacity_building",
    "knowledge_product",
    "technology_transfer",
    "other",
)
# Final states and how often they occur.
STATES = {
    "submitted": 8,
    "info_requested": 4,
    "accepted": 8,
    "in_progress": 20,
    "delivered": 15,
    "closed": 35,
    "declined": 6,
    "withdrawn": 4,
}
START = datetime(2025, 1, 1)


def empty_postgres(url: str) -> None:
    """Drop everything in the PostgreSQL database given."""
    engine = create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def later(moment: datetime, rng: random.Random, low: float, high: float) -> datetime:
    """A moment some random days after another."""
    return moment + timedelta(days=rng.uniform(low, high))


def fill(n: int, rng: random.Random) -> None:
    """Write n requests with their histories, and 200 events, in bulk."""
    party_users = {}
    for code in PARTIES:
        party_users[code] = create_user(
            f"bench-{code.lower()}@example.org", "party", password=PASSWORD, party_code=code
        ).id
    staff = db.session.scalar(select(User.id).where(User.email == "bench-staff@example.org"))
    experts = list(db.session.scalars(select(Expert.id).where(Expert.status == "active")))
    first_id = (
        db.session.scalar(
            select(CooperationRequest.id).order_by(CooperationRequest.id.desc()).limit(1)
        )
        or 0
    ) + 1
    requests, targets, assignments, events = [], [], [], []
    states, weights = list(STATES), list(STATES.values())
    for offset in range(n):
        request_id = first_id + offset
        party = rng.choice(PARTIES)
        state = rng.choices(states, weights)[0]
        submitted = later(START, rng, 0, 720)
        year = submitted.year
        requests.append(
            {
                "id": request_id,
                "reference": f"BENCH-{year}-{offset + 1:05d}",
                "reference_year": year,
                "reference_seq": 100000 + offset,
                "title": f"Synthetic request {offset + 1}",
                "type": rng.choice(TYPES),
                "party_code": party,
                "submitted_by_id": party_users[party],
                "status": state,
                "submitted_at": submitted,
                "rating": rng.randint(2, 5) if state == "closed" and rng.random() < 0.7 else None,
                "due_at": later(submitted, rng, 5, 9)
                if state in ("submitted", "accepted")
                else None,
            }
        )
        for number in rng.sample(range(1, 24), rng.randint(1, 3)):
            targets.append({"request_id": request_id, "target_number": number})

        def event(action, at, object_type="cooperation_requests", request_id=request_id):
            events.append(
                {
                    "occurred_at": at,
                    "action": action,
                    "object_type": object_type,
                    "object_id": str(request_id),
                    "request_id": request_id,
                    "actor_id": staff,
                    "note": "",
                    "data": {},
                }
            )

        event("request.submit", submitted)
        if state == "submitted":
            continue
        screened = later(submitted, rng, 0.2, 9)
        if state == "info_requested":
            event("request.request_info", screened)
            continue
        if state in ("declined", "withdrawn"):
            event({"declined": "request.decline", "withdrawn": "request.withdraw"}[state], screened)
            continue
        event("request.accept", screened)
        moment = screened
        if state != "accepted" or rng.random() < 0.3:
            moment = later(moment, rng, 0.5, 12)
            expert = rng.choice(experts)
            working = state in ("in_progress", "delivered", "closed")
            assignments.append(
                {
                    "request_id": request_id,
                    "expert_id": expert,
                    "status": (
                        ("completed" if state == "closed" else "accepted") if working else "invited"
                    ),
                    "invited_at": moment,
                    "respond_by": later(moment, rng, 7, 9),
                }
            )
            event("assignment.invited", moment, "assignments")
            if working:
                moment = later(moment, rng, 0.5, 14)
                event("assignment.accept", moment, "assignments")
        if state in ("delivered", "closed"):
            event("request.deliver", later(moment, rng, 5, 120))
    db.session.execute(insert(CooperationRequest), requests)
    db.session.execute(insert(request_targets), targets)
    db.session.execute(insert(Assignment), assignments)
    db.session.execute(insert(AuditEvent), events)
    for number in range(200):
        start = date(2025, 1, 1) + timedelta(days=rng.randint(0, 720))
        capacity_event = CapacityEvent(
            title=f"Synthetic workshop {number + 1}",
            type=rng.choice(("training", "workshop", "side_event", "webinar")),
            start_date=start,
            end_date=start + timedelta(days=rng.randint(0, 3)),
            place="Kunming",
            participants=[
                EventParticipants(
                    party_code=party, role=role, gender=gender, count=rng.randint(1, 9)
                )
                for party in rng.sample(PARTIES, 2)
                for role in ("official", "researcher")
                for gender in ("female", "male")
            ],
        )
        db.session.add(capacity_event)
    db.session.commit()


def timed(function, runs: int) -> tuple[float, float]:
    """The median and the slowest of `runs` calls, in milliseconds (after one warm-up)."""
    function()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", help="a database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dashboard-bench-"))
    url = args.database or f"sqlite:///{folder / 'bench.sqlite'}"
    if url.startswith("postgres"):
        empty_postgres(url)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    rng = random.Random(6)
    with app.app_context():
        db.create_all()
        began = time.perf_counter()
        seed()
        create_user("bench-staff@example.org", "staff", password=PASSWORD)
        db.session.commit()
        fill(args.requests, rng)
        if db.engine.dialect.name == "postgresql":
            # Autovacuum analyses tables soon after a bulk load; without statistics the planner
            # joins 10,000 requests to their audit events by nested loops (5 s instead of 0.1 s).
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        print(f"database: {db.engine.dialect.name}, built in {time.perf_counter() - began:.1f} s")
        period = Period(date(2025, 1, 1), date(2026, 12, 31))
        figures = compute_figures(period)
        events = figures["capacity_building"]["events"]
        print(f"requests in the period: {figures['total']}, events: {events}")
        client = app.test_client()
        client.post("/login", data={"email": "bench-staff@example.org", "password": PASSWORD})
        token = client.post(
            "/api/v1/tokens", json={"email": "bench-staff@example.org", "password": PASSWORD}
        ).get_json()["token"]
        query = "from=2025-01-01&to=2026-12-31"

        def page():
            response = client.get(f"/reports?{query}")
            assert response.status_code == 200, response.status_code

        def api():
            response = client.get(
                f"/api/v1/reports/summary?{query}", headers={"Authorization": f"Bearer {token}"}
            )
            assert response.status_code == 200, response.status_code

        for name, function in (
            ("compute_figures", lambda: compute_figures(period)),
            ("GET /api/v1/reports/summary", api),
            ("GET /reports (dashboard page)", page),
        ):
            median, slowest = timed(function, args.runs)
            print(f"{name:32} median {median:7.1f} ms   slowest {slowest:7.1f} ms")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
