"""What the first match after a change costs next to a warm match, at a pool of 10,000 experts.

Each process keeps its matcher in memory and applies the database's change log expert by
expert. This builds a database with the seeded taxonomy and experts (embedded once, vectors
stored), copies the seeded experts until the pool holds --experts active profiles (the copies
share the seeds' texts, so their vectors are cached too), then times, median of --runs:

- a warm match (`match_request` on a seeded request, nothing changed);
- the first match after one invitation (the invited expert's load changes);
- the first match after one profile change (that expert is embedded again, in memory);
- for comparison, a match that rebuilds the whole pool (what any change cost before).

    python bench/matcher_changes.py [--experts 10000] [--runs 7] [--database URL]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

from expert_pool import create_app
from expert_pool.accounts.services import create_user
from expert_pool.experts.models import (
    Expert,
    ExpertLanguage,
    Publication,
    expert_tags,
    expert_targets,
)
from expert_pool.experts.services import update_expert
from expert_pool.extensions import db
from expert_pool.helpdesk.models import CooperationRequest
from expert_pool.helpdesk.services import apply_assignment_action, invite_expert
from expert_pool.matching.services import (
    forget_matchers,
    get_matcher,
    match_request,
    rebuild_matcher,
)
from expert_pool.seeding import seed

COPIED = ("name", "affiliation", "country_code", "bio", "availability", "max_assignments")


def copy_experts(total: int) -> None:
    """Copy the active experts (profile, tags, targets, languages, publications) up to `total`."""
    originals = list(db.session.scalars(select(Expert).where(Expert.status == "active")))
    next_id = db.session.scalar(select(func.max(Expert.id))) + 1
    experts, tags, targets, languages, publications = [], [], [], [], []
    copy = 0
    while len(originals) + len(experts) < total:
        source = originals[copy % len(originals)]
        new_id = next_id + copy
        copy += 1
        experts.append(
            {
                "id": new_id,
                "email": f"copy{copy}@example.org",
                "status": "active",
                "embedding_stale": False,
                **{field: getattr(source, field) for field in COPIED},
            }
        )
        tags += [{"expert_id": new_id, "tag_id": t.id} for t in source.tags]
        targets += [{"expert_id": new_id, "target_number": t.number} for t in source.targets]
        languages += [{"expert_id": new_id, "code": row.code} for row in source.language_rows]
        publications += [
            {"expert_id": new_id, "title": p.title, "abstract": p.abstract, "year": p.year}
            for p in source.publications
        ]
    db.session.execute(insert(Expert), experts)
    for table, rows in (
        (expert_tags, tags),
        (expert_targets, targets),
        (ExpertLanguage, languages),
        (Publication, publications),
    ):
        if rows:
            db.session.execute(insert(table), rows)
    db.session.commit()


def median_ms(function, runs: int, prepare=None) -> float:
    """The median of `runs` calls in milliseconds; `prepare` runs untimed before each."""
    times = []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", help="a database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="matcher-bench-"))
    url = args.database or f"sqlite:///{folder / 'bench.sqlite'}"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False}
    )
    with app.app_context():
        db.create_all()
        seed()
        db.session.commit()
        rebuild_matcher()
        db.session.commit()
        copy_experts(args.experts)
        staff = create_user("bench-staff@example.org", "staff")
        db.session.commit()
        request = db.session.scalar(
            select(CooperationRequest)
            .where(CooperationRequest.status.in_(("accepted", "in_progress")))
            .order_by(CooperationRequest.id)
            .limit(1)
        )
        began = time.perf_counter()
        matcher = get_matcher()
        print(f"pool of {len(matcher)} experts built in {time.perf_counter() - began:.1f} s")
        match_request(request)
        warm = median_ms(lambda: match_request(request), args.runs)
        busy = {a.expert_id for a in request.assignments}
        pool = [
            expert
            for expert in db.session.scalars(select(Expert).where(Expert.status == "active"))
            if expert.id not in busy
        ]
        state = {"n": 0}

        def invite():
            expert = pool[state["n"]]
            state["n"] += 1
            assignment = invite_expert(request, expert, staff, reason="bench")
            db.session.commit()
            apply_assignment_action(assignment, "withdraw", staff, reason="bench")
            db.session.commit()

        def change_profile():
            expert = pool[state["n"]]
            state["n"] += 1
            update_expert(expert, {"bio": f"{expert.bio} Now also {state['n']}."}, staff)
            db.session.commit()

        after_invite = median_ms(lambda: match_request(request), args.runs, invite)
        after_profile = median_ms(lambda: match_request(request), args.runs, change_profile)
        rebuild = median_ms(lambda: match_request(request), max(args.runs // 2, 1), forget_matchers)
        for label, ms in (
            ("warm match", warm),
            ("first match after one invitation", after_invite),
            ("first match after one profile change", after_profile),
            ("match with a whole rebuild", rebuild),
        ):
            print(f"{label:38} {ms:8.1f} ms  ({ms / warm:.2f}x warm)")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
