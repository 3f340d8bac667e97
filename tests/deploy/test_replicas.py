"""Scaling out: two replicas behind Debian's nginx on loopback keep serving new sessions when one dies.

deploy/replicas_check.py does the work (it is also a script); this runs it under pytest. It skips, saying
why, when nginx is not installed. Every process it starts is stopped in the fixture's teardown.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _module(name: str, path: Path) -> ModuleType:
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


rc = _module("nnlab_replicas_check", ROOT / "deploy" / "replicas_check.py")


def in_thread(fn, *args, **kwargs):
    """Run ``fn`` in a worker thread: the code under test calls asyncio.run(), which refuses to start in a
    thread whose event loop is already running (Playwright's sync API leaves one running in the main thread
    when the browser tests share this pytest process)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


needs_nginx = pytest.mark.skipif(
    rc.find_nginx() is None,
    reason="nginx is not installed (Debian: apt-get install nginx): the replica test runs Debian's nginx",
)


@pytest.fixture
def cluster():
    started = in_thread(rc.Cluster.start, n_replicas=2)
    try:
        yield started
    finally:
        started.stop()


@needs_nginx
def test_new_sessions_are_served_by_the_survivor_when_a_replica_dies(cluster):
    report = in_thread(asyncio.run, rc.exercise(cluster, seconds=20.0))
    details = report.summary() + "\n" + cluster.logs()
    assert report.problems() == [], details

    after = report.after()
    assert len(after) >= 3, details
    assert all(s.error is None and s.reruns == 2 for s in after), details
    assert {s.replica for s in after} <= set(report.replicas) - {report.killed}, details
    assert sum(s.exceptions for s in report.sessions) == 0, details
    # Tabs that were on the dead replica reconnect, as the browser does, and land on the survivor.
    assert all(s.reconnected for s in report.dropped()), details


def test_rendered_nginx_conf_keeps_the_proxying_and_uses_loopback(tmp_path):
    conf = rc.render_nginx_conf(rc.NGINX_CONF.read_text(), [18501, 18502, 18503], 18080, tmp_path)
    assert "listen 127.0.0.1:18080;" in conf
    for port in (18501, 18502, 18503):
        assert f"server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" in conf
    assert "server 127.0.0.1:8501" not in conf
    for needed in (
        "hash $nnlab_affinity consistent;",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
        "proxy_set_header Host $http_host;",
        "add_header Set-Cookie $nnlab_set_cookie;",
        "proxy_next_upstream error timeout",
    ):
        assert needed in conf
    assert f"pid {tmp_path / 'nginx.pid'};" in conf
    assert "daemon off;" in conf


def _yaml_documents(path: Path) -> list[dict]:
    """Parse with PyYAML: the venv's if it has it, else a system Python's (Debian's python3-yaml)."""
    try:
        import yaml
    except ImportError:
        pass
    else:
        return list(yaml.safe_load_all(path.read_text()))
    dump = "import json, sys, yaml; json.dump(list(yaml.safe_load_all(sys.stdin)), sys.stdout)"
    for python in dict.fromkeys(filter(None, [shutil.which("python3"), "/usr/bin/python3"])):
        done = subprocess.run([python, "-c", dump], input=path.read_text(), capture_output=True, text=True, timeout=60)
        if done.returncode == 0:
            return json.loads(done.stdout)
    pytest.skip("PyYAML is not installed (pip install pyyaml, or apt-get install python3-yaml)")


def test_k8s_manifest_has_probes_affinity_autoscaler_and_shared_secret():
    docs = {d["kind"]: d for d in _yaml_documents(ROOT / "deploy" / "k8s.yaml")}
    pod = docs["Deployment"]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": 8501}
    env = {e["name"]: e for e in container["env"]}
    assert "secretKeyRef" in env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]
    assert docs["Deployment"]["spec"]["replicas"] == 3
    assert docs["Service"]["spec"]["sessionAffinity"] == "ClientIP"
    hpa = docs["HorizontalPodAutoscaler"]
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    assert pod["securityContext"]["runAsNonRoot"] is True


def test_dockerfile_is_slim_non_root_with_a_health_check():
    text = (ROOT / "Dockerfile").read_text()
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert lines[0] == "FROM python:3.11-slim"
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert "pip install -r requirements.txt -c constraints.txt" in text  # the pinned versions
    health = [line for line in lines if line.startswith("HEALTHCHECK")]
    assert health and "/_stcore/health" in text and not any("curl" in line for line in lines)
    assert "EXPOSE 8501" in lines
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    for entry in (".venv", ".git", ".streamlit/secrets.toml", "tests"):
        assert entry in ignored
    # The production config goes into the image with the app.
    assert not {".streamlit", ".streamlit/", ".streamlit/config.toml", "*.toml"} & set(ignored)


@pytest.fixture
def replica():
    load = rc.load
    port = load.free_port()
    process = load.start_streamlit(port)
    try:
        in_thread(asyncio.run, load.wait_healthy(load.Target("127.0.0.1", port), 90, process))
        yield port
    finally:
        load.stop_process(process)


def test_dockerfile_health_check_command_passes_against_a_running_app(replica):
    text = (ROOT / "Dockerfile").read_text()
    code = text.split('CMD ["python", "-c", "', 1)[1].split('"]', 1)[0]
    assert "http://localhost:8501/_stcore/health" in code
    here = code.replace("localhost:8501", f"127.0.0.1:{replica}")
    assert subprocess.run([sys.executable, "-c", here], timeout=30).returncode == 0
    dead = code.replace("localhost:8501", f"127.0.0.1:{rc.load.free_port()}")
    assert subprocess.run([sys.executable, "-c", dead], timeout=30, capture_output=True).returncode != 0


def test_load_benchmark_reports_figures_for_the_home_page(tmp_path):
    out = tmp_path / "load.json"
    status = in_thread(rc.load.main, ["--pages", "home", "--sessions", "1,3", "--reruns", "9", "--json", str(out)])
    assert status == 0
    figures = json.loads(out.read_text())
    assert "home" in figures["pages_available"]
    cells = figures["cells"]
    assert [(c["page"], c["sessions"]) for c in cells] == [("home", 1), ("home", 3)]
    for cell in cells:
        assert cell["reruns"] == 9 and cell["errors"] == 0 and cell["exceptions"] == 0
        assert cell["reruns_per_s"] > 0 and cell["p95_ms"] >= cell["p50_ms"] > 0
        assert cell["rss_before_mb"] > 0 and cell["rss_after_mb"] > 0


@needs_nginx
def test_nginx_limits_framing_sniffing_and_hides_the_metrics():
    cluster = in_thread(rc.Cluster.start, n_replicas=1)
    try:
        base = f"http://127.0.0.1:{cluster.nginx_port}"
        for path in ("/", "/_stcore/health"):
            with urllib.request.urlopen(base + path, timeout=10) as response:
                assert response.headers["Content-Security-Policy"] == "frame-ancestors 'self'", path
                assert response.headers["X-Frame-Options"] == "SAMEORIGIN", path
                assert response.headers["X-Content-Type-Options"] == "nosniff", path
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/_stcore/metrics", timeout=10)
        assert refused.value.code == 404
        assert refused.value.headers["X-Frame-Options"] == "SAMEORIGIN"
    finally:
        cluster.stop()
