"""Two replicas behind nginx on loopback: lose one mid-run, and new sessions go on being served by the other.

Run:  .venv/bin/python deploy/replicas_check.py [--replicas 2] [--seconds 20] [--bench 1,20,50] [--json FILE]
Test: tests/deploy/test_replicas.py runs the same steps under pytest.

It starts the replicas (`streamlit run app.py` on free 127.0.0.1 ports, one STREAMLIT_SERVER_COOKIE_SECRET for
all) and Debian's nginx in the foreground with a copy of deploy/nginx.conf rendered for loopback: the test
ports in its upstream, `listen 127.0.0.1:PORT`, pid, logs and temp paths in a temporary prefix, and one
extra response header naming the replica that answered. Then browser-like sessions (benchmarks/load.py's
Session: health check for the cookies, websocket, reruns of the home page) arrive at a steady rate through
nginx; halfway, the replica holding the most open sessions is killed (SIGKILL, as a crash). A session that
was on it and drops reconnects once, as the browser does. Checked: sessions spread over the replicas and
stick to one; every session that starts after the kill, and every reconnect, is served by a survivor with
no error and no exception. Every process it starts is stopped at the end, whatever happens.
Exit status: 0 when all holds, 1 when not, 77 when nginx is not installed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import grp
import importlib.util
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def _load_benchmark() -> ModuleType:
    name = "nnlab_load_benchmark"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


load = _load_benchmark()


def find_nginx() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def _sub_once(pattern: str, replacement: str, text: str, what: str) -> str:
    new, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    if count != 1:
        raise ValueError(f"deploy/nginx.conf: could not find {what} (pattern {pattern!r})")
    return new


def render_nginx_conf(conf: str, replica_ports: list[int], listen_port: int, prefix: Path) -> str:
    """deploy/nginx.conf with loopback test ports and every path inside `prefix`; the proxying is unchanged."""
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+( [^;]*)?;\s*$", conf, flags=re.MULTILINE)
    if not servers:
        raise ValueError("deploy/nginx.conf: no `server 127.0.0.1:PORT ...;` lines in the upstream")
    params = servers[0]
    conf = re.sub(r"^\s*server 127\.0\.0\.1:\d+( [^;]*)?;\s*\n", "", conf, flags=re.MULTILINE)
    upstream = "".join(f"        server 127.0.0.1:{port}{params};\n" for port in replica_ports)
    conf = _sub_once(r"^(\s*upstream nnlab \{\n(?:\s*hash [^\n]*\n)?)", r"\g<1>" + upstream, conf, "upstream nnlab")
    conf = _sub_once(r"^(\s*)listen 80;", rf"\g<1>listen 127.0.0.1:{listen_port};", conf, "listen 80;")
    conf = _sub_once(
        r"^(\s*)(add_header Set-Cookie \$nnlab_set_cookie;)",
        r"\g<1>\g<2>\n\g<1>add_header X-Upstream-Addr $upstream_addr always;",
        conf,
        "add_header Set-Cookie",
    )
    paths = "".join(
        f"    {directive} {prefix / name};\n"
        for directive, name in [
            ("access_log", "access.log"),
            ("client_body_temp_path", "body"),
            ("proxy_temp_path", "proxy"),
            ("fastcgi_temp_path", "fastcgi"),
            ("uwsgi_temp_path", "uwsgi"),
            ("scgi_temp_path", "scgi"),
        ]
    )
    conf = _sub_once(r"^http \{\n", "http {\n" + paths, conf, "http {")
    top = f"daemon off;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} notice;\n"
    if os.geteuid() == 0:  # workers drop to an unprivileged user, who must be able to use the prefix
        for name in ("www-data", "nobody"):
            with contextlib.suppress(KeyError):
                user = pwd.getpwnam(name)
                top += f"user {name} {grp.getgrgid(user.pw_gid).gr_name};\n"
                break
    return top + conf


@dataclass
class Replica:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """Replicas and nginx on loopback; stop() ends every process it started, and removes its files."""

    replicas: list[Replica] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None
    nginx_port: int = 0
    prefix: Path | None = None

    @property
    def target(self):  # -> load.Target
        return load.Target("127.0.0.1", self.nginx_port)

    @classmethod
    def start(cls, n_replicas: int = 2, nginx: str | None = None) -> Cluster:
        nginx = nginx or find_nginx()
        if not nginx:
            raise FileNotFoundError("nginx is not installed (Debian: apt-get install nginx)")
        cluster = cls(prefix=Path(tempfile.mkdtemp(prefix="nnlab-replicas-")))
        try:
            cluster._start(n_replicas, nginx)
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def _start(self, n_replicas: int, nginx: str) -> None:
        assert self.prefix is not None
        self.prefix.chmod(0o755)
        secret = secrets.token_hex(32)  # one secret for all replicas, made per run, never stored
        for i in range(n_replicas):
            port = load.free_port()
            log = self.prefix / f"replica-{i}.log"
            env = {"STREAMLIT_SERVER_COOKIE_SECRET": secret}
            process = load.start_streamlit(port, env=env, log_path=log)
            self.replicas.append(Replica(port, process, log))
        self.nginx_port = load.free_port()
        conf = self.prefix / "nginx.conf"
        conf.write_text(
            render_nginx_conf(NGINX_CONF.read_text(), [r.port for r in self.replicas], self.nginx_port, self.prefix)
        )
        command = [nginx, "-p", str(self.prefix), "-c", str(conf), "-e", str(self.prefix / "error.log")]
        checked = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True, timeout=30)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t rejected the rendered config:\n{checked.stderr}")
        with open(self.prefix / "nginx.out", "wb") as out:
            self.nginx = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

        async def wait_all() -> None:
            for replica in self.replicas:
                await load.wait_healthy(load.Target("127.0.0.1", replica.port), 90, replica.process)
            await load.wait_healthy(self.target, 20, self.nginx)

        asyncio.run(wait_all())

    def kill(self, replica: Replica) -> None:
        load.stop_process(replica.process, signal.SIGKILL, grace=10)

    def stop(self) -> None:
        if self.nginx is not None:
            load.stop_process(self.nginx, signal.SIGTERM, grace=10)  # fast shutdown: open websockets are cut
        for replica in self.replicas:
            load.stop_process(replica.process, signal.SIGTERM, grace=15)
        if self.prefix is not None:
            shutil.rmtree(self.prefix, ignore_errors=True)

    def logs(self) -> str:
        assert self.prefix is not None
        parts = []
        for path in sorted(self.prefix.glob("*.log")) + sorted(self.prefix.glob("*.out")):
            with contextlib.suppress(OSError):
                parts.append(f"--- {path.name}\n" + path.read_text(errors="replace")[-3000:])
        return "\n".join(parts)


@dataclass
class SessionLog:
    index: int
    opened_at: float  # seconds after the start of the load, when the tab sent its health check
    ws_opened_at: float | None = None  # ... and when its websocket was up
    replica: str = ""  # the replica nginx sent the websocket to
    health_replica: str = ""  # ... and the health check before it
    reruns: int = 0
    exceptions: int = 0
    error: str | None = None
    failed_at: float | None = None
    reconnect_replica: str = ""
    reconnect_error: str | None = None
    reconnected: bool = False


@dataclass
class Report:
    replicas: list[str]
    killed: str
    kill_at: float
    seconds: float
    interval: float
    rerun_seconds: float
    sessions: list[SessionLog]
    exit_status: dict[str, int | None] = field(default_factory=dict)  # each replica's, at the end (None: running)

    def before(self) -> list[SessionLog]:
        return [s for s in self.sessions if s.opened_at < self.kill_at]

    def after(self) -> list[SessionLog]:
        return [s for s in self.sessions if s.opened_at >= self.kill_at]

    def dropped(self) -> list[SessionLog]:
        return [s for s in self.before() if s.error is not None]

    def problems(self) -> list[str]:
        out = []
        spread = {s.replica for s in self.before() if s.replica}
        if len(spread) < 2:
            out.append(f"before the kill, sessions went to {sorted(spread)} only: no spread over the replicas")
        # A tab's requests stick to one replica (its health check went where its websocket then went),
        # unless that replica died in between.
        unstuck = [
            s
            for s in self.sessions
            if s.replica and s.replica != s.health_replica and (s.ws_opened_at or 0) < self.kill_at
        ]
        if unstuck:
            out.append(f"{len(unstuck)} sessions' websocket went to another replica than their health check")
        if len(self.after()) < 5:
            out.append(f"only {len(self.after())} sessions started after the kill: too few to show anything")
        for address, status in self.exit_status.items():
            if address != self.killed and status is not None:
                out.append(f"surviving replica {address} exited during the run, status {status}")
        for s in self.after():
            if s.error or s.replica == self.killed or not s.replica:
                out.append(f"new session {s.index} (at {s.opened_at:.1f} s) via {s.replica or '?'}: {s.error}")
        for s in self.before():
            if s.error and s.replica != self.killed:
                out.append(f"session {s.index} on surviving replica {s.replica} failed: {s.error}")
        for s in self.dropped():
            if s.reconnect_error or s.reconnect_replica == self.killed:
                out.append(f"dropped session {s.index} did not reconnect to a survivor: {s.reconnect_error}")
        exceptions = sum(s.exceptions for s in self.sessions)
        if exceptions:
            out.append(f"{exceptions} exceptions in the app's reruns")
        return out

    def summary(self) -> str:
        def count(sessions: list[SessionLog]) -> str:
            per = {r: sum(s.replica == r for s in sessions) for r in self.replicas}
            return ", ".join(f"{r}: {n}" for r, n in per.items())

        reruns = sum(s.reruns for s in self.sessions)
        ok_after = sum(s.error is None for s in self.after())
        lines = [
            f"replicas {', '.join(self.replicas)}; one rerun takes {1000 * self.rerun_seconds:.0f} ms alone, "
            f"so a new session every {self.interval:.2f} s",
            f"killed {self.killed} at {self.kill_at:.1f} s; the run took {self.seconds:.1f} s",
            f"sessions before the kill: {len(self.before())} ({count(self.before())})",
            f"sessions after the kill:  {len(self.after())} ({count(self.after())}), {ok_after} without error",
            f"dropped by the kill: {len(self.dropped())}, reconnected to a survivor: "
            f"{sum(s.reconnected for s in self.dropped())}",
            f"reruns: {reruns}, exceptions: {sum(s.exceptions for s in self.sessions)}",
        ]
        problems = self.problems()
        lines.append("OK" if not problems else "PROBLEMS:\n  " + "\n  ".join(problems))
        return "\n".join(lines)


async def warm_up(cluster: Cluster, page: str, timeout: float) -> float:
    """Load `page` on each replica directly (first-run imports), and return the slowest warm rerun, in s."""
    slowest = 0.0
    for replica in cluster.replicas:
        session = load.Session(load.Target("127.0.0.1", replica.port), timeout)
        try:
            await session.open()
            await session.rerun(page)
            warm = [(await session.rerun(page)).latency for _ in range(3)]
            slowest = max(slowest, min(warm))
        finally:
            await session.close()
    return slowest


async def exercise(
    cluster: Cluster,
    seconds: float = 20.0,
    reruns: int = 2,
    think: float = 0.5,
    utilisation: float = 0.3,
    page: str = "",
    timeout: float = 30.0,
) -> Report:
    """Sessions arrive at a steady rate for `seconds` s; the replica holding most sessions is killed halfway.

    Each session reruns the page `reruns` times, `think` s apart, then stays open until the end. The arrival
    rate is set from a warm rerun's time so that the sessions ask for `utilisation` of what one replica can
    serve: the survivor must carry the load alone, on a 2-core machine shared with the client.
    """
    rerun_seconds = await warm_up(cluster, page, timeout)
    interval = min(2.0, max(0.2, reruns * rerun_seconds / utilisation))
    t0 = time.perf_counter()
    kill_at = seconds / 2
    logs: list[SessionLog] = []
    open_now: dict[int, SessionLog] = {}
    killed: list[str] = []

    def now() -> float:
        return time.perf_counter() - t0

    async def browse(log: SessionLog) -> None:
        session = load.Session(cluster.target, timeout)
        try:
            await session.open()
            log.ws_opened_at = now()
            log.replica, log.health_replica = session.served_by, session.health_served_by
            open_now[log.index] = log
            for i in range(reruns):
                result = await session.rerun(page)
                log.reruns += 1
                log.exceptions += result.exceptions
                if result.page_not_found:
                    raise RuntimeError(f"page {page!r} not found")
                if i + 1 < reruns:
                    await asyncio.sleep(think)
            # Then the tab stays open, idle, to the end of the load, as a student's tab stays open in a lecture.
            assert session.ws is not None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(session.ws.wait_closed(), max(0.0, seconds - now()))
                raise ConnectionError("the idle websocket was closed")
        except Exception as exc:
            log.error, log.failed_at = f"{type(exc).__name__}: {exc}", now()
        finally:
            open_now.pop(log.index, None)
            await session.close()
        if log.error and killed and log.opened_at < kill_at:
            # The browser reconnects a dropped websocket, with the same cookies: nginx must send it on.
            retry = load.Session(cluster.target, timeout)
            retry.cookies = dict(session.cookies)
            try:
                await retry.open()
                log.reconnect_replica = retry.served_by
                result = await retry.rerun(page)
                log.exceptions += result.exceptions
                log.reconnected = True
            except Exception as exc:
                log.reconnect_error = f"{type(exc).__name__}: {exc}"
            finally:
                await retry.close()

    async def killer() -> None:
        await asyncio.sleep(kill_at)
        on = [log.replica for log in open_now.values()]
        victim = max(cluster.replicas, key=lambda r: on.count(r.address))
        killed.append(victim.address)
        await asyncio.to_thread(cluster.kill, victim)

    tasks = [asyncio.create_task(killer())]
    index = 0
    while now() < seconds:
        log = SessionLog(index, now())
        logs.append(log)
        tasks.append(asyncio.create_task(browse(log)))
        index += 1
        await asyncio.sleep(interval)
    await asyncio.wait_for(asyncio.gather(*tasks), 4 * timeout)
    replicas = [r.address for r in cluster.replicas]
    exits = {r.address: r.process.poll() for r in cluster.replicas}
    return Report(replicas, killed[0], kill_at, now(), interval, rerun_seconds, logs, exits)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20, help="how long sessions keep arriving")
    parser.add_argument("--page", default="home", help="the page the sessions load")
    parser.add_argument(
        "--bench",
        metavar="SESSIONS",
        help="first run the load benchmark through nginx with these concurrent sessions, e.g. 20 or 1,20,50",
    )
    parser.add_argument("--bench-reruns", type=int, default=200, help="reruns per benchmark cell")
    parser.add_argument("--json", help="also write the per-session log to this file")
    args = parser.parse_args(argv)
    if not find_nginx():
        print("skipped: nginx is not installed (Debian: apt-get install nginx)")
        return 77
    page = load.page_path(args.page)
    cluster = Cluster.start(args.replicas)
    try:
        if args.bench:
            asyncio.run(warm_up(cluster, page, 30))
            cells = [
                asyncio.run(load.run_cell(cluster.target, page, int(n), args.bench_reruns, 120, 30))
                for n in args.bench.split(",")
            ]
            print(f"load benchmark through nginx, {args.replicas} replicas:\n{load.format_table(cells)}\n")
        report = asyncio.run(exercise(cluster, seconds=args.seconds, page=page))
    finally:
        cluster.stop()
    print(report.summary())
    if args.json:
        Path(args.json).write_text(json.dumps(asdict(report), indent=2))
    return 1 if report.problems() else 0


if __name__ == "__main__":
    sys.exit(main())
