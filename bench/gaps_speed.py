"""What the coverage gaps cost for a period of many requests, scored once and then kept.

Builds a database with the seeded taxonomy, Parties, experts (embedded once) and requests, then
copies the seeded requests (their titles, statements, tags, targets and languages, each copy's
statement made unique so that none shares a vector with another) until the period holds
--requests requests. Then it times:

- the old way, for comparison: one `Matcher.scores` per request (one embedding call each);
- the first computation (every request embedded in one batch, scored, its score kept);
- a view when nothing changed (median of --runs), and the staff page `/reports/gaps`;
- the first view after an invitation (a load changes: no score does);
- the first view after one profile change (every score again, the requests' vectors cached).

    python bench/gaps_speed.py [--requests 1000] [--runs 7] [--database URL]
"""

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, insert, select

from expert_pool import create_app
from expert_pool.accounts.services import create_user
from expert_pool.dates import Period
from expert_pool.experts.models import Expert
from expert_pool.experts.services import update_expert
from expert_pool.extensions import db
from expert_pool.helpdesk.models import (
    CooperationRequest,
    RequestLanguage,
    request_tags,
    request_targets,
)
from expert_pool.helpdesk.services import invite_expert
from expert_pool.matching.services import get_matcher, rebuild_matcher, request_doc
from expert_pool.reports.gaps import find_coverage_gaps
from expert_pool.seeding import seed

PASSWORD = "bench password 1"
PERIOD = Period(date(2025, 1, 1), date(2026, 12, 31))
COPIED = ("title", "type", "party_code", "submitted_by_id", "status", "submitted_at")


def copy_requests(total: int) -> None:
    """Copy the submitted seeded requests until the period holds `total` of them."""
    originals = [
        r for r in db.session.scalars(select(CooperationRequest)) if r.submitted_at is not None
    ]
    next_id = db.session.scalar(select(func.max(CooperationRequest.id))) + 1
    rows, tags, targets, languages = [], [], [], []
    for copy in range(max(total - len(originals), 0)):
        source = originals[copy % len(originals)]
        new_id = next_id + copy
        rows.append(
            {
                "id": new_id,
                "reference": f"BENCH-{copy + 1:05d}",
                "reference_year": 2026,
                "reference_seq": 100000 + copy,
                "problem_statement": f"{source.problem_statement} (case {copy + 1})",
                **{field: getattr(source, field) for field in COPIED},
            }
        )
        tags += [{"request_id": new_id, "tag_id": t.id} for t in source.tags]
        targets += [{"request_id": new_id, "target_number": t.number} for t in source.targets]
        languages += [{"request_id": new_id, "code": code} for code in source.languages]
    db.session.execute(insert(CooperationRequest), rows)
    for table, values in ((request_tags, tags), (request_targets, targets)):
        if values:
            db.session.execute(insert(table), values)
    if languages:
        db.session.execute(insert(RequestLanguage), languages)
    db.session.commit()


def seconds(function) -> float:
    began = time.perf_counter()
    function()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", help="a database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gaps-bench-"))
    url = args.database or f"sqlite:///{folder / 'bench.sqlite'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        began = time.perf_counter()
        seed()
        staff = create_user("bench-staff@example.org", "staff", password=PASSWORD)
        db.session.commit()
        rebuild_matcher()
        db.session.commit()
        copy_requests(args.requests)
        print(f"database: {db.engine.dialect.name}, built in {time.perf_counter() - began:.1f} s")
        matcher = get_matcher()
        requests = list(db.session.scalars(select(CooperationRequest)))
        sample = [r for r in requests if r.submitted_at is not None][:100]
        old = seconds(lambda: [matcher.scores(request_doc(r)) for r in sample])
        print(f"{'old way, one embedding per request':44} {old * 1000 / len(sample):8.1f} ms each")
        gaps = {}
        first = seconds(lambda: gaps.update(find_coverage_gaps(PERIOD)))
        print(f"requests checked: {gaps['requests_checked']}, weak: {gaps['weak_requests']}")
        print(f"{'first computation (one batch)':44} {first:8.2f} s")
        views = [seconds(lambda: find_coverage_gaps(PERIOD)) for _ in range(args.runs)]
        print(f"{'a view, nothing changed (median)':44} {statistics.median(views) * 1000:8.1f} ms")
        client = app.test_client()
        client.post("/login", data={"email": "bench-staff@example.org", "password": PASSWORD})
        query = "from=2025-01-01&to=2026-12-31"
        pages = [seconds(lambda: client.get(f"/reports/gaps?{query}")) for _ in range(args.runs)]
        page = statistics.median(pages) * 1000
        print(f"{'GET /reports/gaps, nothing changed (median)':44} {page:8.1f} ms")
        request = next(r for r in requests if r.status == "accepted")
        invited = {a.expert_id for a in request.assignments}
        expert = db.session.scalar(
            select(Expert)
            .where(Expert.status == "active", Expert.id.not_in(invited))
            .order_by(Expert.id.desc())
            .limit(1)
        )
        invite_expert(request, expert, staff, reason="bench")
        db.session.commit()
        after_invite = seconds(lambda: find_coverage_gaps(PERIOD))
        print(f"{'first view after an invitation':44} {after_invite * 1000:8.1f} ms")
        update_expert(expert, {"bio": f"{expert.bio} Also works on seagrass."}, staff)
        db.session.commit()
        after_profile = seconds(lambda: find_coverage_gaps(PERIOD))
        print(f"{'first view after a profile change':44} {after_profile:8.2f} s")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
