"""Load benchmark: N concurrent sessions speaking Streamlit's own websocket protocol, on loopback only.

Run:  .venv/bin/python benchmarks/load.py [--pages all] [--sessions 1,20,50] [--reruns 200] [--rounds 1]
      .venv/bin/python benchmarks/load.py --pages home,gradient_descent --sessions 20 --reruns 300 --rounds 3 --check
      .venv/bin/python benchmarks/load.py --pages gradient_descent --sessions 20 --reruns 1000 --cell-seconds 600
      .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8080 --pages home    (a server or proxy already up)

Without --url it starts `streamlit run app.py --server.headless true --server.address 127.0.0.1 --server.port P
--server.fileWatcherType none` on a free loopback port (the file watcher is off as in .streamlit/config.toml,
so edits to the sources during a run reload nothing), and stops it at the end; --server-arg adds flags, e.g.
--server-arg=--runner.postScriptGC=false. Each session does what a browser tab does: GET /_stcore/health (which
hands out the XSRF cookie, and a proxy's affinity cookie), opens /_stcore/stream with subprotocols
["streamlit", <XSRF token>], sends BackMsg.rerun_script for its page, and reads ForwardMsgs up to
script_finished; then reruns the page (as a widget change would) until the cell's reruns are done. Like the
browser, each rerun sends the query string the page last put in the address bar (st.query_params) and
lists the hashes of the large messages the tab already holds, so the server sends a reference instead of an
unchanged chart again.

For each (page, sessions) cell it prints reruns per second, median and p95 rerun latency, exceptions seen
(delta.new_element.exception elements and compile errors), transport errors, and the server's resident memory
(VmRSS from /proc) before and after. Pages come from the server's own navigation message; `--pages` picks
some by URL path ("home" is the default page, path ""). A page the server does not know is skipped, with a note.

Every await has a timeout, each cell is capped by --cell-seconds and the whole run by --max-seconds. Only
loopback targets are accepted. Exit status: 1 when --check is given and a goal is missed (an exception or a
transport error in any cell counts as missed), else 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.cookies
import ipaddress
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin, Subprotocol

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ui.registry import PAGES  # noqa: E402

# The pages the app registers with st.navigation, by URL path; used when the server does not list its pages.
KNOWN_PAGES = tuple(p.url_path for p in PAGES)
XSRF_COOKIE = "_streamlit_xsrf"
# A proxy in front may name the replica that answered (the replica check's nginx copy does); read if present.
UPSTREAM_HEADER = "X-Upstream-Addr"
FINISHED_WITH_COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_WITH_COMPILE_ERROR")


def page_label(page: str) -> str:
    return page or "home"


def page_path(label: str) -> str:
    label = label.strip().strip("/")
    return "" if label in ("", "home") else label


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Target:
    """Where the sessions go: a Streamlit server, or a proxy in front of replicas, on loopback."""

    host: str
    port: int

    @classmethod
    def from_url(cls, url: str) -> Target:
        parts = urlsplit(url if "//" in url else f"http://{url}")
        host = parts.hostname or ""
        if not is_loopback(host):
            raise SystemExit(f"refusing {url!r}: this benchmark only sends traffic to loopback (127.0.0.1, ::1)")
        return cls(host, parts.port or 80)

    @property
    def authority(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


async def http_get(
    target: Target, path: str, cookies: dict[str, str] | None = None, timeout: float = 10.0
) -> tuple[int, dict[str, str], dict[str, str]]:
    """One HTTP/1.1 GET; returns (status, headers lower-cased, cookies set). Bounded by `timeout`."""

    async def go() -> tuple[int, dict[str, str], dict[str, str]]:
        reader, writer = await asyncio.open_connection(target.host, target.port)
        try:
            lines = [f"GET {path} HTTP/1.1", f"Host: {target.authority}", "Connection: close"]
            if cookies:
                lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers: dict[str, str] = {}
        jar: dict[str, str] = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
            if name.strip().lower() == "set-cookie":
                morsels: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
                morsels.load(value.strip())
                jar.update({m.key: m.value for m in morsels.values()})
        return status, headers, jar

    try:
        return await asyncio.wait_for(go(), timeout)
    except TimeoutError:
        raise TimeoutError(f"GET {path}: no answer within {timeout:g} s") from None


@dataclass
class Rerun:
    latency: float
    exceptions: int
    page_not_found: bool
    pages: list[str]
    messages: list[str] = field(default_factory=list)  # "Type: message" of each exception shown


class Session:
    """One browser tab: health check (cookies), the websocket, reruns of one page."""

    def __init__(self, target: Target, timeout: float = 30.0) -> None:
        self.target = target
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.ws: ClientConnection | None = None
        self.page_hash = ""
        self.served_by = ""  # the proxy's X-Upstream-Addr for the websocket, if it sends one
        self.health_served_by = ""
        # The browser's message cache: hash of each cacheable message (>= 10 kB) -> the run that last used it.
        self.cached: dict[str, int] = {}
        self.runs = 0
        self.query_string = ""  # the address bar's query, as the page last wrote it (st.query_params)

    async def open(self) -> None:
        status, headers, jar = await http_get(self.target, "/_stcore/health", self.cookies, self.timeout)
        if status != 200:
            raise ConnectionError(f"/_stcore/health answered {status}")
        self.cookies.update(jar)
        self.health_served_by = headers.get(UPSTREAM_HEADER.lower(), "").split(",")[-1].strip()
        protocols = ["streamlit"]
        if self.cookies.get(XSRF_COOKIE):
            protocols.append(self.cookies[XSRF_COOKIE])  # what the browser sends when XSRF protection is on
        headers_out = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else None
        self.ws = await self._connect(protocols, headers_out)
        if self.ws.subprotocol != "streamlit":
            raise ConnectionError(f"server chose subprotocol {self.ws.subprotocol!r}")
        response = self.ws.response
        if response is not None:
            self.served_by = response.headers.get(UPSTREAM_HEADER, "").split(",")[-1].strip()

    async def _connect(self, protocols: list[str], headers: dict[str, str] | None) -> ClientConnection:
        try:
            return await connect(
                f"ws://{self.target.authority}/_stcore/stream",
                subprotocols=[Subprotocol(p) for p in protocols],
                origin=Origin(f"http://{self.target.authority}"),
                additional_headers=headers,
                open_timeout=self.timeout,
                close_timeout=2,
                max_size=None,
            )
        except TimeoutError:
            raise TimeoutError(f"websocket not open within {self.timeout:g} s") from None

    def rerun_message(self, page: str) -> BackMsg:
        """The rerun request a browser sends for ``page``: by URL path on the first run, by page hash afterwards,
        with the query string the page wrote and the hashes of the large messages this session holds."""
        msg = BackMsg()
        if self.page_hash:
            msg.rerun_script.page_script_hash = self.page_hash
        else:
            msg.rerun_script.page_name = page
        msg.rerun_script.query_string = self.query_string
        msg.rerun_script.cached_message_hashes.extend(self.cached)
        return msg

    async def rerun(self, page: str) -> Rerun:
        """Run `page` (by URL path on the first run, by page hash afterwards, as the browser does)."""
        assert self.ws is not None, "open() first"
        msg = self.rerun_message(page)
        start = time.perf_counter()
        await asyncio.wait_for(self.ws.send(msg.SerializeToString()), self.timeout)
        deadline = start + self.timeout
        exceptions = 0
        messages: list[str] = []
        not_found = False
        pages: list[str] = []
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no script_finished within {self.timeout:g} s")
            try:
                data = await asyncio.wait_for(self.ws.recv(), remaining)
            except TimeoutError:
                raise TimeoutError(f"no script_finished within {self.timeout:g} s") from None
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            self.remember(fwd)
            if kind == "delta":
                element = fwd.delta.new_element
                if fwd.delta.WhichOneof("type") == "new_element" and element.WhichOneof("type") == "exception":
                    exceptions += 1
                    messages.append(f"{element.exception.type}: {element.exception.message}"[:300])
            elif kind == "navigation":
                pages = [p.url_pathname for p in fwd.navigation.app_pages if not p.external_url]
                self.page_hash = fwd.navigation.page_script_hash
            elif kind == "page_not_found":
                not_found = True
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "script_finished":
                if fwd.script_finished == FINISHED_WITH_COMPILE_ERROR:
                    exceptions += 1
                    messages.append("the script did not compile")
                self.end_run()
                return Rerun(time.perf_counter() - start, exceptions, not_found, pages, messages)

    def remember(self, fwd: ForwardMsg) -> None:
        """Keep a cacheable message's hash, as the browser's message cache does (a reference refreshes it)."""
        if fwd.metadata.cacheable and fwd.hash:
            self.cached[fwd.hash] = self.runs
        elif fwd.WhichOneof("type") == "ref_hash":
            self.cached[fwd.ref_hash] = self.runs

    def end_run(self, max_age: int = 2) -> None:
        """Forget what no run used lately (Streamlit's global.maxCachedMessageAge, 2 runs)."""
        self.runs += 1
        self.cached = {h: run for h, run in self.cached.items() if self.runs - run <= max_age}

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 3)


@dataclass
class Cell:
    page: str
    sessions: int
    reruns: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    exceptions: int = 0
    exception_messages: dict[str, int] = field(default_factory=dict)  # distinct "Type: message" -> count
    errors: list[str] = field(default_factory=list)
    rss_before_mb: float | None = None
    rss_after_mb: float | None = None
    cut_short: bool = False

    @property
    def rate(self) -> float:
        return self.reruns / self.seconds if self.seconds > 0 else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]

    def summary(self) -> dict[str, object]:
        out = asdict(self)
        del out["latencies"]
        out.update(
            page=page_label(self.page),
            reruns_per_s=round(self.rate, 2),
            p50_ms=round(1000 * self.percentile(0.5), 1),
            p95_ms=round(1000 * self.percentile(0.95), 1),
            errors=len(self.errors),
            first_errors=self.errors[:5],
        )
        return out


async def run_cell(
    target: Target,
    page: str,
    sessions: int,
    reruns: int,
    seconds: float,
    timeout: float,
    rss: RssProbe | None = None,
) -> Cell:
    """`sessions` tabs open at once on `page` and share `reruns` reruns (a tab's first run counts as one)."""
    cell = Cell(page, sessions, rss_before_mb=rss() if rss else None)
    tickets = iter(range(max(reruns, sessions)))
    stop_at = time.perf_counter() + seconds

    async def tab() -> None:
        session = Session(target, timeout)
        try:
            await session.open()
            for _ in tickets:
                if time.perf_counter() >= stop_at:
                    cell.cut_short = True
                    break
                result = await session.rerun(page)
                cell.latencies.append(result.latency)
                cell.reruns += 1
                cell.exceptions += result.exceptions
                for message in result.messages:
                    cell.exception_messages[message] = cell.exception_messages.get(message, 0) + 1
                if result.page_not_found:
                    cell.errors.append(f"page {page_label(page)!r} not found")
        except Exception as exc:  # one failed tab is a counted error, not the end of the run
            cell.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            await session.close()

    start = time.perf_counter()
    tasks = [asyncio.create_task(tab()) for _ in range(sessions)]
    # A tab's last rerun may start just before stop_at: it gets its own timeout, and a connect's, then no more.
    _, late = await asyncio.wait(tasks, timeout=seconds + 3 * timeout + 10)
    for task in late:
        task.cancel()
        cell.errors.append("tab cancelled: still busy when the cell's time was up")
    if late:
        await asyncio.wait(late, timeout=10)
    cell.seconds = time.perf_counter() - start
    cell.rss_after_mb = rss() if rss else None
    return cell


async def discover_pages(target: Target, timeout: float) -> list[str]:
    """The URL paths of the pages the server's st.navigation registers (home first)."""
    session = Session(target, timeout)
    try:
        await session.open()
        result = await session.rerun("")
    finally:
        await session.close()
    return result.pages


async def probe_page(target: Target, page: str, timeout: float) -> str | None:
    """Load `page` once (this also warms its caches); return why it is skipped, or None."""
    session = Session(target, timeout)
    try:
        await session.open()
        result = await session.rerun(page)
    except Exception as exc:
        return f"did not load ({type(exc).__name__}: {exc})"
    finally:
        await session.close()
    if result.page_not_found:
        return "the server does not have this page (page_not_found)"
    return None


def cpu_seconds(pid: int) -> float:
    """The CPU seconds (user + system) process ``pid`` has used, from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class RssProbe:
    """The resident memory of a process in MB, read from /proc/PID/status (VmRSS)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def __call__(self) -> float | None:
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_healthy(target: Target, seconds: float, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + seconds
    last = "no answer"
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with status {process.returncode} before it was healthy")
        try:
            status, _, _ = await http_get(target, "/_stcore/health", timeout=2)
            if status == 200:
                return
            last = f"status {status}"
        except (TimeoutError, OSError, ValueError, IndexError) as exc:
            last = f"{type(exc).__name__}: {exc}"
        await asyncio.sleep(0.2)
    raise TimeoutError(f"{target.authority} not healthy after {seconds:.0f} s ({last})")


def start_streamlit(
    port: int, extra_args: Sequence[str] = (), env: dict[str, str] | None = None, log_path: Path | None = None
) -> subprocess.Popen[bytes]:
    """`streamlit run app.py` on 127.0.0.1:port, in its own process group, output to `log_path` (or dropped)."""
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    # The production setting (.streamlit/config.toml): no module reloading when files change during a run.
    command += ["--server.fileWatcherType", "none", *extra_args]
    full_env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    if log_path is None:
        return subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, start_new_session=True)
    with open(log_path, "wb") as out:  # the child keeps its own copy of the file descriptor
        return subprocess.Popen(
            command, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop_process(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, grace: float = 10.0) -> None:
    """Stop a process started with start_new_session=True (signal its own group), killing it if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def exceptions_in_log(text: str) -> dict[str, int]:
    """The last line of each traceback in a server log ("TypeError: ..."), with counts: when the app's config
    redacts exception messages (client.showErrorDetails), the server's log still has them."""
    found: dict[str, int] = {}
    in_traceback = False
    for line in text.splitlines():
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
        elif in_traceback and line and not line[0].isspace():
            found[line[:300]] = found.get(line[:300], 0) + 1
            in_traceback = False
    return found


def format_table(cells: Sequence[Cell]) -> str:
    def mb(value: float | None) -> str:
        return "-" if value is None else f"{value:.0f}"

    rows = [
        ("page", "sessions", "reruns", "reruns/s", "p50 ms", "p95 ms", "exceptions", "errors", "RSS MB before→after")
    ]
    for c in cells:
        rows.append(
            (
                page_label(c.page),
                str(c.sessions),
                f"{c.reruns}{'*' if c.cut_short else ''}",
                f"{c.rate:.1f}",
                f"{1000 * c.percentile(0.5):.0f}",
                f"{1000 * c.percentile(0.95):.0f}",
                str(c.exceptions),
                str(len(c.errors)),
                f"{mb(c.rss_before_mb)}→{mb(c.rss_after_mb)}",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(v.rjust(w) if i else v.ljust(w) for i, (v, w) in enumerate(zip(r, widths, strict=True))) for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if any(c.cut_short for c in cells):
        lines.append("* cut short by --cell-seconds")
    return "\n".join(lines)


def merge_rounds(cells: Sequence[Cell]) -> list[Cell]:
    """One cell per (page, sessions): the rounds' reruns and seconds added up (so the rate is their pooled
    rate), their latencies pooled, memory from the first round's start to the last round's end."""
    merged: dict[tuple[str, int], Cell] = {}
    for c in cells:
        m = merged.get((c.page, c.sessions))
        if m is None:
            merged[(c.page, c.sessions)] = replace(
                c, latencies=list(c.latencies), errors=list(c.errors), exception_messages=dict(c.exception_messages)
            )
            continue
        m.reruns += c.reruns
        m.seconds += c.seconds
        m.latencies += c.latencies
        m.exceptions += c.exceptions
        m.errors += c.errors
        for message, count in c.exception_messages.items():
            m.exception_messages[message] = m.exception_messages.get(message, 0) + count
        m.rss_after_mb = c.rss_after_mb
        m.cut_short = m.cut_short or c.cut_short
    return list(merged.values())


def check_goals(cells: Sequence[Cell], rss_start: float | None, rss_end: float | None, growth_mb: float) -> list[str]:
    """The issue's goals, as far as this run measured them: lines starting 'FAIL' are missed goals."""
    if not cells:
        return ["FAIL no page was measured"]
    lines = []
    by_key = {(c.page, c.sessions): c for c in cells}
    home, descent = by_key.get(("", 20)), by_key.get(("gradient_descent", 20))
    if home and descent and home.rate > 0:
        ratio = descent.rate / home.rate
        verdict = "ok  " if ratio >= 0.5 else "FAIL"
        note = ""
        if home.exceptions or descent.exceptions or home.errors or descent.errors:
            verdict, note = "FAIL", " (not comparable: a page raised or failed, which cuts its runs short)"
        lines.append(f"{verdict} gradient_descent/home throughput at 20 sessions: {ratio:.2f} (goal >= 0.50){note}")
    bad = [c for c in cells if c.exceptions or c.errors]
    lines.append(
        ("FAIL" if bad else "ok  ")
        + " exceptions and errors: "
        + (", ".join(f"{page_label(c.page)}x{c.sessions}: {c.exceptions}/{len(c.errors)}" for c in bad) or "none")
    )
    if rss_start is not None and rss_end is not None:
        grown = rss_end - rss_start
        verdict = "ok  " if grown <= growth_mb else "FAIL"
        total = sum(c.reruns for c in cells)
        lines.append(
            f"{verdict} server RSS {rss_start:.0f} MB (pages loaded) -> {rss_end:.0f} MB after {total} reruns "
            f"(growth {grown:+.0f} MB, goal <= {growth_mb:.0f} MB)"
        )
    return lines


async def benchmark(args: argparse.Namespace) -> int:
    started_at = time.monotonic()
    run_deadline = started_at + args.max_seconds
    server: subprocess.Popen[bytes] | None = None
    log = None
    rss: RssProbe | None = RssProbe(args.server_pid) if args.server_pid else None
    try:
        if args.url:
            target = Target.from_url(args.url)
        else:
            target = Target("127.0.0.1", free_port())
            log = tempfile.NamedTemporaryFile(prefix="load-streamlit-", suffix=".log", delete=False)  # noqa: SIM115
            log.close()
            server = start_streamlit(target.port, args.server_arg, log_path=Path(log.name))
            rss = RssProbe(server.pid)
        await wait_healthy(target, 60, server)
        rss_boot = rss() if rss else None

        try:
            served = await discover_pages(target, args.timeout)
        except Exception as exc:
            print(f"could not list the server's pages ({type(exc).__name__}: {exc})")
            served = []
        source = "the server's navigation" if served else "the fixed list (the server listed none)"
        available = served or list(KNOWN_PAGES)
        wanted = available if args.pages in ("all", "") else [page_path(p) for p in args.pages.split(",")]
        print(f"target {target.authority}; pages from {source}: {', '.join(page_label(p) for p in available)}")

        pages = []
        for page in wanted:
            reason = ("not among the server's pages" if served and page not in served else None) or await probe_page(
                target, page, args.timeout
            )
            if reason:
                print(f"skipping page {page_label(page)!r}: {reason}")
            else:
                pages.append(page)
        # The memory goal is about growth under load, so it counts from here: every page measured has been
        # loaded once (imports, caches), as on a server that has seen its first students.
        rss_start = rss() if rss else None
        if rss_boot is not None and rss_start is not None:
            print(f"server RSS {rss_boot:.0f} MB when up, {rss_start:.0f} MB once each page has loaded")

        cells: list[Cell] = []
        # Rounds interleave the cells (home, gd, home, gd, ...) so slow drifts of the machine hit every page alike.
        plan = [(page, sessions) for _ in range(args.rounds) for page in pages for sessions in args.sessions]
        for index, (page, sessions) in enumerate(plan):
            left = run_deadline - time.monotonic()
            if left < 5:
                skipped = ", ".join(f"{page_label(p)} x {n}" for p, n in plan[index:])
                print(f"--max-seconds reached; not run: {skipped}")
                break
            cell = await run_cell(target, page, sessions, args.reruns, min(args.cell_seconds, left), args.timeout, rss)
            cells.append(cell)
            print(
                f"  {page_label(cell.page)} x {sessions}: {cell.reruns} reruns in {cell.seconds:.1f} s, "
                f"{cell.exceptions} exceptions, {len(cell.errors)} errors"
                + (f" (first: {cell.errors[0]})" if cell.errors else ""),
                flush=True,
            )
            for message, count in list(cell.exception_messages.items())[:3]:
                print(f"    {count} x exception {message}")
        rss_end = rss() if rss else None
        cells = merge_rounds(cells)

        print()
        print(format_table(cells))
        print()
        goals = check_goals(cells, rss_start, rss_end, args.max_growth_mb)
        if server is not None and server.poll() is not None:
            goals.append(f"FAIL the server exited during the run (status {server.returncode})")
        if log is not None and (server.poll() is not None or any(c.errors for c in cells)):
            # "Stopping..." there means the server was sent SIGTERM/SIGINT/SIGQUIT (websockets then close 1012).
            print("the server's log ends:\n" + Path(log.name).read_text(errors="replace")[-2000:])
        if log is not None and any(c.exceptions for c in cells):
            print("exceptions in the server's log:")
            for message, count in exceptions_in_log(Path(log.name).read_text(errors="replace")).items():
                print(f"  {count} x {message}")
        print("\n".join(goals))
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    {
                        "target": target.authority,
                        "pages_available": [page_label(p) for p in available],
                        "rss_boot_mb": rss_boot,
                        "rss_start_mb": rss_start,
                        "rss_end_mb": rss_end,
                        "cells": [c.summary() for c in cells],
                        "goals": goals,
                    },
                    indent=2,
                )
            )
        failed = any(line.startswith("FAIL") for line in goals)
        return 1 if args.check and failed else 0
    finally:
        if server is not None:
            stop_process(server)
            if log is not None:
                Path(log.name).unlink(missing_ok=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", default="all", help='comma-separated URL paths ("home" for the default page)')
    parser.add_argument(
        "--sessions", default="1,20,50", type=lambda s: [int(n) for n in s.split(",")], help="concurrent sessions"
    )
    parser.add_argument("--reruns", type=int, default=200, help="reruns per (page, sessions) cell, shared by tabs")
    parser.add_argument(
        "--rounds", type=int, default=1, help="run the cells this many times, interleaved, and pool each cell's rounds"
    )
    parser.add_argument("--cell-seconds", type=float, default=60, help="cap on one cell's time")
    parser.add_argument("--max-seconds", type=float, default=1200, help="cap on the whole run")
    parser.add_argument("--timeout", type=float, default=30, help="cap on any one connect or rerun")
    parser.add_argument("--url", help="benchmark this loopback server or proxy instead of starting one")
    parser.add_argument("--server-pid", type=int, help="with --url: the process whose memory to report")
    parser.add_argument(
        "--server-arg",
        action="append",
        default=[],
        help="extra `streamlit run` flag, e.g. --server-arg=--logger.level=error",
    )
    parser.add_argument("--max-growth-mb", type=float, default=300, help="memory goal for --check")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--json", help="also write the figures to this file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # The whole run is capped: cells stop at --max-seconds, and this catches anything past it (the server
    # is still stopped: cancellation runs benchmark()'s finally).
    return asyncio.run(asyncio.wait_for(benchmark(args), args.max_seconds + 4 * args.timeout + 60))


if __name__ == "__main__":
    sys.exit(main())
