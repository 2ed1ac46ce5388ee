"""A mixed HTTP workload against the production stack, on loopback.

Prepares a PostgreSQL database (migrations, the demo data with its accounts, the experts'
vectors), starts the stack as `make serve` does (gunicorn with gunicorn.conf.py and one
`flask worker`, rate limits and the worker queue in Redis) or, with --server flask, Flask's
development server with the same worker, then runs --clients concurrent clients for --duration
seconds, each a role in turn:

- a Party submits requests (one call in five) and reads its list and its requests;
- staff list the queue of submitted requests, open a request and its candidates;
- an expert reads their work (the invitations) and their requests;
- an anonymous visitor reads the public directory (page and API) and the tag vocabulary.

Prints throughput, p50/p95/p99 per endpoint, the errors, and checks that every submission the
server acknowledged (201) is in the database.

    python bench/http_load.py [--server gunicorn|flask] [--clients 40] [--duration 60]
        [--database postgresql://postgres@127.0.0.1:5432/expert_pool_bench] [--reuse]
"""

import argparse
import itertools
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]
PASSWORD = "bench password 1"
PARTIES = ("party-khm@example.org", "party-chn@example.org", "party-npl@example.org")
SUBMISSION = {
    "title": "Mapping mangrove loss along the coast",
    "problem_statement": "Mangroves along the coast are being lost; we need methods to map "
    "them with satellite images and to plan their restoration with the communities.",
    "type": "technical_consultation",
    "targets": [2, 3],
    "thematic_areas": ["marine_coastal"],
    "tags": ["mangrove restoration"],
    "languages": ["en"],
    "urgency": "normal",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sql_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def empty_database(url: str) -> None:
    """Create the database if missing, and empty it."""
    name = url.rsplit("/", 1)[1]
    admin = create_engine(
        sql_url(url.rsplit("/", 1)[0] + "/postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = create_engine(sql_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def run(command: list[str], env: dict) -> None:
    began = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"  {' '.join(command[4:])}: {time.perf_counter() - began:.0f} s", flush=True)


def prepare(env: dict) -> None:
    """Migrations, demo data with accounts, the experts' vectors."""
    run([*FLASK, "db", "upgrade"], env)
    run([*FLASK, "seed", "--demo-users"], env)
    run([*FLASK, "index", "rebuild"], env)


def start_stack(server: str, port: int, env: dict, log) -> list[subprocess.Popen]:
    """The web server and one worker, their output in `log`."""
    if server == "gunicorn":
        web = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"]
    else:
        web = [*FLASK, "run", "--host", "127.0.0.1", "--port", str(port), "--with-threads"]
    processes = []
    for command in (web, [*FLASK, "worker"]):
        processes.append(
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    return processes


def stop_stack(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until_up(base: str, timeout: float = 300) -> None:
    """Until 8 health checks at once all answer within 2 s: every web worker has loaded its
    models and built its matcher (gunicorn's workers warm up before serving)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answers: list[bool] = []

        def probe(answers: list[bool] = answers) -> None:
            try:
                status = requests.get(f"{base}/healthz", timeout=2).status_code
                answers.append(status in (200, 503))
            except requests.RequestException:
                answers.append(False)

        probes = [threading.Thread(target=probe) for _ in range(8)]
        for thread in probes:
            thread.start()
        for thread in probes:
            thread.join()
        if all(answers):
            return
        time.sleep(1)
    raise SystemExit("the server did not start")


def token(base: str, email: str) -> str:
    response = requests.post(
        f"{base}/api/v1/tokens", json={"email": email, "password": PASSWORD}, timeout=30
    )
    response.raise_for_status()
    return response.json()["token"]


class Results:
    """Latencies per endpoint, errors, acknowledged submissions; shared by the clients."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.submitted: list[str] = []

    def call(self, session: requests.Session, name: str, method: str, url: str, **kwargs):
        began = time.perf_counter()
        try:
            response = session.request(method, url, timeout=60, **kwargs)
            problem = None if response.status_code < 400 else str(response.status_code)
        except requests.RequestException as error:
            response, problem = None, type(error).__name__
        elapsed = time.perf_counter() - began
        with self.lock:
            self.latencies[name].append(elapsed)
            if problem:
                self.errors[name].append(problem)
        return response if problem is None else None


class Client(threading.Thread):
    """One simulated user of a role, calling until the deadline."""

    def __init__(self, role, base, auth, results, deadline, seed, shared):
        super().__init__(daemon=True)
        self.role, self.base, self.results, self.deadline = role, base, results, deadline
        self.random = random.Random(seed)
        self.shared = shared
        self.session = requests.Session()
        if auth:
            self.session.headers["Authorization"] = f"Bearer {auth}"
        self.own: list[str] = []

    def get(self, name: str, path: str):
        return self.results.call(self.session, name, "GET", self.base + path)

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            getattr(self, self.role)()

    def party(self) -> None:
        if self.random.random() < 0.2:
            response = self.results.call(
                self.session,
                "POST /api/v1/requests",
                "POST",
                self.base + "/api/v1/requests",
                json={**SUBMISSION, "title": f"{SUBMISSION['title']} {self.random.random():.6f}"},
            )
            if response is not None and response.status_code == 201:
                reference = response.json()["reference"]
                self.own.append(reference)
                with self.results.lock:
                    self.results.submitted.append(reference)
        elif self.own and self.random.random() < 0.5:
            self.get(
                "GET /api/v1/requests/<ref>", f"/api/v1/requests/{self.random.choice(self.own)}"
            )
        else:
            self.get("GET /api/v1/requests (party)", "/api/v1/requests?per_page=25")

    def staff(self) -> None:
        choice = self.random.random()
        if choice < 0.4:
            self.get(
                "GET /api/v1/requests?status=submitted",
                "/api/v1/requests?status=submitted&per_page=25",
            )
        elif choice < 0.7:
            reference = self.random.choice(self.shared["open"])
            self.get(
                "GET /api/v1/requests/<ref>/matches", f"/api/v1/requests/{reference}/matches?k=10"
            )
        else:
            reference = self.random.choice(self.shared["open"])
            self.get("GET /api/v1/requests/<ref>", f"/api/v1/requests/{reference}")

    def expert(self) -> None:
        if self.random.random() < 0.6:
            self.get("GET /api/v1/me/work (expert)", "/api/v1/me/work")
        else:
            self.get("GET /api/v1/requests (expert)", "/api/v1/requests?per_page=25")

    def visitor(self) -> None:
        choice = self.random.random()
        if choice < 0.4:
            self.get("GET /experts (page)", f"/experts?page={self.random.randint(1, 3)}")
        elif choice < 0.8:
            self.get(
                "GET /api/v1/experts",
                f"/api/v1/experts?per_page=25&page={self.random.randint(1, 3)}",
            )
        else:
            self.get("GET /api/v1/taxonomy/tags", "/api/v1/taxonomy/tags")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(results: Results, seconds: float, url: str) -> None:
    total = sum(len(v) for v in results.latencies.values())
    errors = sum(len(v) for v in results.errors.values())
    print(
        f"\n{total} requests in {seconds:.1f} s: {total / seconds:.1f} requests/s, {errors} errors"
    )
    everything = [x for v in results.latencies.values() for x in v]
    p50, p95, p99 = (percentile(everything, f) * 1000 for f in (0.5, 0.95, 0.99))
    print(f"all: p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms")
    print(f"{'endpoint':42} {'calls':>6} {'p50':>7} {'p95':>7} {'p99':>7}  errors")
    for name in sorted(results.latencies):
        values = results.latencies[name]
        print(
            f"{name:42} {len(values):6d} {percentile(values, 0.5) * 1000:5.0f}ms "
            f"{percentile(values, 0.95) * 1000:5.0f}ms {percentile(values, 0.99) * 1000:5.0f}ms  "
            f"{dict(Counter(results.errors[name])) or ''}"
        )
    engine = create_engine(sql_url(url))
    with engine.connect() as connection:
        stored = set(
            connection.scalars(
                text("SELECT reference FROM cooperation_requests WHERE reference = ANY(:refs)"),
                {"refs": results.submitted},
            )
        )
    engine.dispose()
    missing = set(results.submitted) - stored
    print(
        f"acknowledged submissions: {len(results.submitted)}, in the database: "
        f"{len(stored)}, missing: {len(missing)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", choices=("gunicorn", "flask"), default="gunicorn")
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument(
        "--database", default="postgresql://postgres@127.0.0.1:5432/expert_pool_bench"
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    parser.add_argument(
        "--cache-dir", default=str(Path(tempfile.gettempdir()) / "expert-pool-models")
    )
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="http-load-"))
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "EXPERT_POOL_INSTANCE": str(instance),
        "DATABASE_URL": args.database,
        "RATELIMIT_STORAGE_URI": f"{args.redis}/3",
        "WORKER_QUEUE_URI": f"{args.redis}/4",
        # Every client signs in from 127.0.0.1: the sign-in limit is for people, not for this.
        "LOGIN_RATE_LIMIT": "10000 per minute",
        "SECRET_KEY": "bench",
        "DEMO_PASSWORD": PASSWORD,
        "EMBEDDING_CACHE_DIR": args.cache_dir,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_ACCESS_LOG": str(instance / "access.log"),
        "LOG_LEVEL": "WARNING",
    }
    if not args.reuse:
        print("preparing the database", flush=True)
        empty_database(args.database)
        prepare(env)
    base = f"http://127.0.0.1:{port}"
    with open(instance / "stack.log", "w") as log:
        processes = start_stack(args.server, port, env, log)
        try:
            wait_until_up(base)
            engine = create_engine(sql_url(args.database))
            with engine.connect() as connection:
                open_refs = list(
                    connection.scalars(
                        text(
                            "SELECT reference FROM cooperation_requests WHERE status IN "
                            "('submitted', 'accepted', 'in_progress') AND reference IS NOT NULL"
                        )
                    )
                )
                experts = list(
                    connection.scalars(
                        text(
                            "SELECT DISTINCT u.email FROM users u JOIN assignments a "
                            "ON a.expert_id = u.expert_id ORDER BY u.email"
                        )
                    )
                )
            engine.dispose()
            tokens = {
                email: token(base, email)
                for email in (*PARTIES, "staff@example.org", *experts[:10])
            }
            roles = itertools.cycle(("party", "staff", "expert", "visitor"))
            party_emails, expert_emails = itertools.cycle(PARTIES), itertools.cycle(experts[:10])
            results = Results()
            # Warm each process: models, matcher and the first queries.
            warm = requests.Session()
            warm.headers["Authorization"] = f"Bearer {tokens['staff@example.org']}"
            for reference in open_refs[:8]:
                warm.get(f"{base}/api/v1/requests/{reference}/matches?k=10", timeout=120)
            began = time.monotonic()
            deadline = began + args.duration
            clients = []
            for number in range(args.clients):
                role = next(roles)
                auth = {
                    "party": lambda: tokens[next(party_emails)],
                    "staff": lambda: tokens["staff@example.org"],
                    "expert": lambda: tokens[next(expert_emails)],
                    "visitor": lambda: None,
                }[role]()
                clients.append(
                    Client(role, base, auth, results, deadline, number, {"open": open_refs})
                )
            for client in clients:
                client.start()
            for client in clients:
                client.join()
            print(
                f"server: {args.server}, clients: {args.clients}, database: PostgreSQL, "
                f"rate limits and queue: Redis"
            )
            report(results, time.monotonic() - began, args.database)
        finally:
            stop_stack(processes)
    print(f"logs: {instance}")


if __name__ == "__main__":
    main()
