"""Where the time of each endpoint of the HTTP workload goes, in-process, one call at a time.

Runs against the database `bench/http_load.py` prepared (or any with the demo data), through
Flask's test client: for each endpoint, the median time of --runs calls after a warm-up and the
SQL statements of one call; with --profile NAME (a substring of the endpoint's name), a
pyinstrument profile of that endpoint's calls.

    python bench/endpoint_profile.py [--database URL] [--runs 20] [--profile matches]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, select

from expert_pool import create_app
from expert_pool.accounts.models import User
from expert_pool.extensions import db
from expert_pool.helpdesk.models import Assignment, CooperationRequest

PASSWORD = "bench password 1"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default="postgresql://postgres@127.0.0.1:5432/expert_pool_bench"
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", help="profile the endpoints whose name contains this")
    parser.add_argument(
        "--cache-dir", default=str(Path(tempfile.gettempdir()) / "expert-pool-models")
    )
    args = parser.parse_args()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": args.database,
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "EMBEDDING_CACHE_DIR": args.cache_dir,
        }
    )
    client = app.test_client()
    with app.app_context():
        reference = db.session.scalar(
            select(CooperationRequest.reference)
            .where(CooperationRequest.status == "accepted")
            .order_by(CooperationRequest.id)
            .limit(1)
        )
        expert = db.session.scalar(
            select(User.email).join(Assignment, Assignment.expert_id == User.expert_id).limit(1)
        )
        db.session.remove()

    def bearer(email: str) -> dict:
        answer = client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD})
        return {"Authorization": f"Bearer {answer.get_json()['token']}"}

    party, staff, own = bearer("party-khm@example.org"), bearer("staff@example.org"), bearer(expert)
    endpoints = [
        ("GET /api/v1/requests (party)", "/api/v1/requests?per_page=25", party),
        (
            "GET /api/v1/requests?status=submitted",
            "/api/v1/requests?status=submitted&per_page=25",
            staff,
        ),
        ("GET /api/v1/requests/<ref>", f"/api/v1/requests/{reference}", staff),
        ("GET /api/v1/requests/<ref>/matches", f"/api/v1/requests/{reference}/matches?k=10", staff),
        ("GET /api/v1/me/work (expert)", "/api/v1/me/work", own),
        ("GET /api/v1/requests (expert)", "/api/v1/requests?per_page=25", own),
        ("GET /experts (page)", "/experts", {}),
        ("GET /api/v1/experts", "/api/v1/experts?per_page=25", {}),
        ("GET /api/v1/taxonomy/tags", "/api/v1/taxonomy/tags", {}),
        ("GET /healthz", "/healthz", {}),
    ]
    statements = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(1))
    print(f"{'endpoint':42} {'median':>8} {'SQL':>5}")
    for name, path, headers in endpoints:
        response = client.get(path, headers=headers)
        assert response.status_code < 500 or path == "/healthz", (name, response.status_code)
        statements.clear()
        client.get(path, headers=headers)
        count = len(statements)
        times = []
        profiler = None
        if args.profile and args.profile in name:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
        for _ in range(args.runs):
            began = time.perf_counter()
            client.get(path, headers=headers)
            times.append((time.perf_counter() - began) * 1000)
        print(f"{name:42} {statistics.median(times):6.1f}ms {count:5d}", flush=True)
        if profiler is not None:
            profiler.stop()
            print(profiler.output_text(color=False, unicode=False))


if __name__ == "__main__":
    main()
