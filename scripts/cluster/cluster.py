#!/usr/bin/env python
"""``make cluster``: the scale-out design of ARCHITECTURE.md ("Scaling out") on one machine.

Starts, each in its own process group, and stops them all on Ctrl-C (or SIGTERM):

- two ASGI app processes (uvicorn, one worker each) on loopback ports ``--app-ports`` (8101, 8102);
- the background worker (``db_worker``) and the notification sweeper;
- HAProxy (Debian's package) on ``--port`` (8100), round robin over both app processes with
  health checks on ``/healthz``; event streams pass unbuffered, with a one-hour idle timeout;
- PostgreSQL and Redis: by default the ones already running on this machine (127.0.0.1:5432 and
  :6379) with the cluster's own database ``ojcluster`` and Redis database 7; with
  ``--own-services`` a private PostgreSQL (initdb in ``/tmp/ojcluster-pg``, port 55432) and a private
  Redis (port 56379), which the fault runs (``bench/faults.py``) stop and start without
  disturbing anything else on the machine.

Before the app starts, the database is migrated and the demo data loaded (idempotent), static
files are collected. The module is also imported by ``bench/load.py`` and ``bench/faults.py``
(class ``Cluster``). Usage: ``.venv/bin/python scripts/cluster/cluster.py [--help]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "cluster"
PYTHON = sys.executable

HAPROXY_CONFIG = """\
global
    maxconn 4096
    log stdout format short local0 warning

defaults
    mode http
    log global
    option dontlognull
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    timeout http-request 10s
    timeout http-keep-alive 60s
    timeout queue 10s
    # A request that could not be sent to one app process (connection refused) goes to the other.
    retries 2
    option redispatch 1

frontend portal
    bind 127.0.0.1:{port}
    default_backend app
    # The app trusts exactly one proxy (TRUSTED_PROXY_COUNT=1) for the client address.
    option forwardfor

backend app
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    # An overloaded process answers /healthz slowly: give it 5 s before counting a failure, else
    # both processes leave the rotation at once and everybody gets 503 (seen in bench/load.py).
    timeout check 5s
    default-server inter 2s fall 3 rise 2 maxconn 256
{servers}
"""


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@dataclass
class Proc:
    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            self.argv, cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, sig: int) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)

    def stop(self, timeout: float = 10) -> None:
        if self.process is None:
            return
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.process.wait(timeout=5)

    def kill(self) -> None:
        """``kill -9`` of the whole process group: no clean-up of any kind."""
        if self.process is not None:
            self.signal(signal.SIGKILL)
            self.process.wait(timeout=5)


def as_postgres_user(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the ``postgres`` user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


def pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise SystemExit(f"{name} not found: install PostgreSQL (Debian: apt-get install postgresql)")


def ensure_haproxy() -> str:
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing haproxy from Debian's packages …", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "haproxy"],
            check=True,
            env=env,
        )
        return shutil.which("haproxy") or "/usr/sbin/haproxy"
    raise SystemExit("haproxy not found: install it (Debian/Ubuntu: sudo apt-get install haproxy)")


def wait_http(url: str, timeout: float, *, proc: Proc | None = None, status: int = 200) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and not proc.running:
            raise SystemExit(f"{proc.name} stopped at start-up; see {proc.log}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 – loopback
                if answer.status == status:
                    return
        except (OSError, urllib.error.HTTPError):
            pass  # not listening yet: ask again
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer {status} within {timeout:.0f} s" + (f"; see {proc.log}" if proc else ""))


@dataclass
class Cluster:
    """Every process of the cluster; ``start()`` brings it up, ``stop()`` ends everything it started."""

    port: int = 8100
    app_ports: tuple[int, ...] = (8101, 8102)
    database_url: str = "postgres://postgres@127.0.0.1:5432/ojcluster"
    redis_url: str = "redis://127.0.0.1:6379/7"
    own_services: bool = False
    load_demo: bool = True
    collect_static: bool = True
    ratelimits: bool = True
    email_url: str = "console://"
    var: Path = VAR
    extra_env: dict[str, str] = field(default_factory=dict)
    apps: list[Proc] = field(default_factory=list)
    workers: list[Proc] = field(default_factory=list)
    proxy: Proc | None = None
    postgres: Proc | None = None
    redis: Proc | None = None

    # --- configuration ---------------------------------------------------------------------------

    def __post_init__(self) -> None:
        if self.own_services:
            self.database_url = "postgres://postgres@127.0.0.1:55432/ojcluster"
            self.redis_url = "redis://127.0.0.1:56379/0"

    @property
    def pg_data(self) -> Path:
        """Outside the work tree: the ``postgres`` user must own it and reach it."""
        return Path(os.environ.get("CLUSTER_PG_DATA", "/tmp/ojcluster-pg"))  # noqa: S108

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app_base(self, index: int) -> str:
        return f"http://127.0.0.1:{self.app_ports[index]}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in {"OJC_TESTING", "DJANGO_SETTINGS_MODULE"}}
        env.update(
            DJANGO_SETTINGS_MODULE="openjobcenter.settings",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            # Demo mode: HTTP on loopback, demo secrets; production settings are in docs/operations.md.
            DEMO="on",
            DEBUG="off",
            RATELIMITS="on" if self.ratelimits else "off",
            EMAIL_URL=self.email_url,
            PUBLIC_URL=self.base,
            TRUSTED_PROXY_COUNT="1",
            LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
            PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        )
        if not self.ratelimits:
            env.update(BOOKING_CHALLENGE="off", SIGNIN_THROTTLING="off")
        env.update(self.extra_env)
        return env

    # --- services ------------------------------------------------------------------------------------

    def start_postgres(self) -> None:
        data = self.pg_data
        if not (data / "PG_VERSION").exists():
            data.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(data, "postgres", "postgres")
            subprocess.run(
                as_postgres_user([pg_bin("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync"]),
                check=True,
                capture_output=True,
            )
        sockets = data / "socket"
        sockets.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(sockets, "postgres", "postgres")
        argv = as_postgres_user([
            pg_bin("postgres"), "-D", str(data), "-p", "55432", "-k", str(sockets), "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=on", "-c", "max_connections=200",
        ])  # fmt: skip
        self.postgres = Proc("postgres", argv, dict(os.environ), self.var / "postgres.log")
        self.postgres.start()
        self.wait_postgres()

    def wait_postgres(self, timeout: float = 30) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(with_database(self.database_url, "postgres"), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop_postgres(self, mode: str = "fast") -> None:
        """Stop the private PostgreSQL (``mode``: fast = SIGINT, immediate = SIGQUIT)."""
        if self.postgres is None or self.postgres.process is None:
            raise RuntimeError("only a private PostgreSQL (--own-services) can be stopped")
        subprocess.run(
            as_postgres_user([pg_bin("pg_ctl"), "stop", "-D", str(self.pg_data), "-m", mode, "-w"]),
            check=False,
            capture_output=True,
        )
        self.postgres.process.wait(timeout=30)

    def start_redis(self) -> None:
        argv = [
            shutil.which("redis-server") or "redis-server", "--bind", "127.0.0.1", "--port", "56379",
            "--save", "", "--appendonly", "no", "--dir", str(self.var),
        ]  # fmt: skip
        self.redis = Proc("redis", argv, dict(os.environ), self.var / "redis.log")
        self.redis.start()
        deadline = time.monotonic() + 10
        import redis

        while True:
            try:
                if redis.Redis.from_url(self.redis_url, socket_timeout=1).ping():
                    return
            except redis.RedisError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def create_database(self) -> None:
        import psycopg
        from psycopg import sql

        name = urlsplit(self.database_url).path.lstrip("/")
        with psycopg.connect(with_database(self.database_url, "postgres"), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def reset_database(self) -> None:
        import psycopg
        from psycopg import sql

        name = urlsplit(self.database_url).path.lstrip("/")
        if name in {"", "postgres", "template0", "template1", "test"}:
            raise SystemExit(f"refusing to reset the database {name!r}")
        with psycopg.connect(with_database(self.database_url, "postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def manage(self, *args: str, timeout: float = 900) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
        return done.stdout

    def prepare(self) -> None:
        self.create_database()
        self.manage("migrate", "--noinput", "--verbosity", "0")
        self.manage("createcachetable")
        if self.load_demo:
            self.manage("load_demo")
        if self.collect_static:
            self.manage("collectstatic", "--noinput", "--verbosity", "0")

    # --- app processes -------------------------------------------------------------------------------

    def make_app(self, index: int) -> Proc:
        port = self.app_ports[index]
        argv = [
            PYTHON, "-m", "uvicorn", "openjobcenter.asgi:application", "--host", "127.0.0.1", "--port", str(port),
            "--no-server-header", "--proxy-headers", "--forwarded-allow-ips", "127.0.0.1", "--no-access-log",
            "--log-level", "warning", "--backlog", "2048", "--timeout-graceful-shutdown", "5",
        ]  # fmt: skip
        return Proc(f"app{index + 1}", argv, self.env(), self.var / f"app{index + 1}.log")

    def start_app(self, index: int, *, wait: bool = True) -> None:
        proc = self.make_app(index)
        if index < len(self.apps):
            self.apps[index] = proc
        else:
            self.apps.append(proc)
        proc.start()
        if wait:
            wait_http(f"{self.app_base(index)}/healthz", 60, proc=proc)

    def start_workers(self) -> None:
        env = self.env()
        self.workers = [
            Proc("worker", [PYTHON, "manage.py", "db_worker", "--interval", "1"], env, self.var / "worker.log"),
            Proc("sweeper", [PYTHON, "manage.py", "notification_sweeper"], env, self.var / "sweeper.log"),
        ]
        for proc in self.workers:
            proc.start()

    def start_proxy(self) -> None:
        servers = "\n".join(f"    server app{i + 1} 127.0.0.1:{port} check" for i, port in enumerate(self.app_ports))
        config = self.var / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(port=self.port, servers=servers))
        self.proxy = Proc(
            "haproxy", [ensure_haproxy(), "-db", "-f", str(config)], dict(os.environ), self.var / "haproxy.log"
        )
        self.proxy.start()
        wait_http(f"{self.base}/healthz", 20, proc=self.proxy)

    # --- all -----------------------------------------------------------------------------------------

    def start(self, *, prepare: bool = True, reset: bool = False) -> None:
        self.var.mkdir(parents=True, exist_ok=True)
        try:
            if self.own_services:
                self.start_postgres()
                self.start_redis()
            if reset:
                self.reset_database()
            if prepare:
                self.prepare()
            for index in range(len(self.app_ports)):
                self.start_app(index, wait=False)
            for index in range(len(self.app_ports)):
                wait_http(f"{self.app_base(index)}/healthz", 90, proc=self.apps[index])
            self.start_workers()
            self.start_proxy()
        except BaseException:
            self.stop()
            raise

    def revive(self) -> list[str]:
        """Start again every app process, worker or sweeper that has ended, as systemd's
        ``Restart=always`` would (``db_worker`` exits when its database connection is cut)."""
        revived = []
        for index, proc in enumerate(self.apps):
            if not proc.running:
                revived.append(proc.name)
                self.start_app(index, wait=False)
        for index, proc in enumerate(self.workers):
            if not proc.running:
                revived.append(proc.name)
                fresh = Proc(proc.name, proc.argv, self.env(), proc.log)
                fresh.start()
                self.workers[index] = fresh
        return revived

    def processes(self) -> list[Proc]:
        return [p for p in (self.proxy, *self.apps, *self.workers, self.redis, self.postgres) if p is not None]

    def stop(self) -> None:
        for proc in (self.proxy, *self.apps, *self.workers):
            if proc is not None:
                proc.stop()
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None and self.postgres.running:
            self.stop_postgres("fast")

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8100, help="the proxy's port (default 8100)")
    parser.add_argument("--app-ports", default="8101,8102", help="the app processes' ports (default 8101,8102)")
    parser.add_argument("--database-url", default=os.environ.get("CLUSTER_DATABASE_URL", Cluster.database_url))
    parser.add_argument("--redis-url", default=os.environ.get("CLUSTER_REDIS_URL", Cluster.redis_url))
    parser.add_argument("--own-services", action="store_true", help="private PostgreSQL (55432) and Redis (56379)")
    parser.add_argument("--reset", action="store_true", help="drop and create the cluster database first")
    parser.add_argument("--no-ratelimits", action="store_true", help="RATELIMITS=off (load tests only)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cluster = Cluster(
        port=args.port,
        app_ports=tuple(int(p) for p in args.app_ports.split(",")),
        database_url=args.database_url,
        redis_url=args.redis_url,
        own_services=args.own_services,
        ratelimits=not args.no_ratelimits,
    )
    stopping = False

    def on_signal(*_: Any) -> None:
        nonlocal stopping
        stopping = True

    print(f"Preparing {cluster.database_url} (migrate, demo data, static files) …", flush=True)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        cluster.start(reset=args.reset)  # Ctrl-C here stops what was started (Cluster.start cleans up)
    except KeyboardInterrupt:
        return 130
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"OpenJobcenter cluster: {cluster.base}/ (HAProxy round robin) → " + ", ".join(
        cluster.app_base(i) for i in range(len(cluster.app_ports))
    ) + f"; worker and sweeper; PostgreSQL {urlsplit(cluster.database_url).netloc}{urlsplit(cluster.database_url).path}, "
        f"Redis {cluster.redis_url}; logs in {cluster.var}. Ctrl-C stops all.", flush=True)  # fmt: skip
    try:
        while not stopping:
            services = [p for p in (cluster.proxy, cluster.redis, cluster.postgres) if p is not None]
            if dead := [p.name for p in services if not p.running]:
                print(f"stopped unexpectedly: {', '.join(dead)}; see the logs in {cluster.var}", flush=True)
                break
            if revived := cluster.revive():
                print(f"ended and started again: {', '.join(revived)} (logs in {cluster.var})", flush=True)
            time.sleep(1)
    finally:
        print("Stopping …", flush=True)
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
