"""A local, headless Label Studio for reviewers and for the tests: `jazba review server`.

Label Studio lives in its own virtualenv (it pins pytz against our dateparser), so this module
only starts its `label-studio` executable: bound to 127.0.0.1, telemetry and version checks off,
an admin user and a legacy API token created from the environment on first start.
"""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
VENV_ENV = "JAZBA_LABEL_STUDIO_VENV"
DEFAULT_VENV = ROOT / ".venv-labelstudio"


class ServerError(RuntimeError):
    """Label Studio could not be started; the message says why and what to run."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def label_studio_executable(venv: str | os.PathLike | None = None) -> Path:
    """`<venv>/bin/label-studio` (default `$JAZBA_LABEL_STUDIO_VENV` or `.venv-labelstudio`), or a clear error."""
    root = Path(venv or os.environ.get(VENV_ENV) or DEFAULT_VENV)
    exe = root / "bin" / "label-studio"
    if not exe.exists():
        raise ServerError(
            f"Label Studio is not installed at {root} (no {exe}): run `make labelstudio` "
            f"(or `bash scripts/labelstudio.sh install`), or point {VENV_ENV} at its virtualenv"
        )
    return exe


@dataclass
class LocalServer:
    """One headless Label Studio process on 127.0.0.1 with its own data directory."""

    data_dir: Path
    port: int = 0
    username: str = "reviewer@jazba.local"
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    token: str = field(default_factory=lambda: secrets.token_hex(20))
    venv: str | None = None
    host: str = "127.0.0.1"
    process: subprocess.Popen | None = None

    @classmethod
    def for_data_dir(cls, data_dir: str | os.PathLike, **kw) -> "LocalServer":
        """A server on `data_dir` with the credentials kept there (`credentials.env`, shared with
        `scripts/labelstudio.sh start`): the user and token only exist from the first start on."""
        data_dir = Path(data_dir)
        creds = data_dir / "credentials.env"
        saved: dict[str, str] = {}
        if creds.exists():
            for line in creds.read_text(encoding="utf-8").splitlines():
                key, sep, value = line.partition("=")
                if sep:
                    saved[key.strip()] = value.strip().strip("'\"")
        server = cls(data_dir, **kw)
        server.username = saved.get("LS_USERNAME", server.username)
        server.password = saved.get("LS_PASSWORD", server.password)
        server.token = saved.get("LS_TOKEN", server.token)
        data_dir.mkdir(parents=True, exist_ok=True)
        creds.write_text(
            f"LS_USERNAME={server.username}\nLS_PASSWORD={server.password}\nLS_TOKEN={server.token}\n",
            encoding="utf-8",
        )
        creds.chmod(0o600)
        return server

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "LABEL_STUDIO_USERNAME": self.username,
            "LABEL_STUDIO_PASSWORD": self.password,
            "LABEL_STUDIO_USER_TOKEN": self.token,
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            "LABEL_STUDIO_BASE_DATA_DIR": str(self.data_dir),
            "LATEST_VERSION_CHECK": "false",
            "COLLECT_ANALYTICS": "false",
            "SENTRY_DSN": "",
            "FRONTEND_SENTRY_DSN": "",
        })
        return env

    def start(self, wait: float = 240.0) -> "LocalServer":
        """Start the server and wait until `/health` answers (first start migrates: ~30-60 s)."""
        exe = label_studio_executable(self.venv)
        self.data_dir = Path(self.data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if not self.port:
            self.port = free_port(self.host)
        log = open(self.data_dir / "label-studio.log", "ab")
        self.process = subprocess.Popen(
            [str(exe), "start", "--no-browser", "--internal-host", self.host, "--port", str(self.port),
             "--data-dir", str(self.data_dir)],
            env=self.environment(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"Label Studio exited with code {self.process.returncode} while starting; "
                    f"last lines of {self.data_dir / 'label-studio.log'}:\n{self.log_tail()}"
                )
            if self.healthy():
                return self
            time.sleep(0.5)
        self.stop()
        raise ServerError(f"Label Studio did not answer {self.url}/health within {wait:g} s:\n{self.log_tail()}")

    def healthy(self) -> bool:
        try:
            resp = requests.get(f"{self.url}/health", timeout=2)
            return resp.ok and resp.json().get("status") == "UP"
        except (requests.RequestException, ValueError):
            return False

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = (self.data_dir / "label-studio.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, grace: float = 15.0) -> None:
        """Stop the server process (and the workers it started) by its own process group."""
        if self.process is None or self.process.poll() is not None:
            return
        import signal

        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
