"""A small Label Studio REST client: only the calls the review loop makes, with errors a user can act on.

Plain HTTP (requests) rather than the SDK: the review loop needs exact control over timeouts,
batching and error messages (an unreachable server, a bad token, a deleted project, a timeout in
the middle of a push each get their own exception and message). Tested against Label Studio 1.23.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Iterator

import requests

#: Where the server and key come from when no flag is given.
URL_ENV, KEY_ENV = "LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY"
DEFAULT_URL = "http://127.0.0.1:8080"


class LabelStudioError(RuntimeError):
    """Any failure talking to Label Studio; the message names the server and what to do."""


class Unreachable(LabelStudioError):
    """No server answers at the URL."""


class AuthError(LabelStudioError):
    """The server refused the API key."""


class NotFound(LabelStudioError):
    """A project or task the store knows about is gone from the server."""


class Timeout(LabelStudioError):
    """The server did not answer in time (it may still finish the request)."""


@dataclass(frozen=True)
class Connection:
    url: str
    api_key: str

    @classmethod
    def resolve(cls, url: str | None = None, api_key: str | None = None) -> "Connection":
        """Flags first, then `LABEL_STUDIO_URL` / `LABEL_STUDIO_API_KEY`."""
        url = url or os.environ.get(URL_ENV) or DEFAULT_URL
        api_key = api_key or os.environ.get(KEY_ENV)
        if not api_key:
            raise LabelStudioError(
                f"no Label Studio API key: pass --api-key or set {KEY_ENV} "
                "(`scripts/labelstudio.sh start` prints one)"
            )
        return cls(url.rstrip("/"), api_key)


class LabelStudio:
    """The Label Studio server at `conn.url`, reached with `conn.api_key`."""

    def __init__(self, conn: Connection, timeout: float = 60.0):
        self.url = conn.url
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Token {conn.api_key}"
        self.session.trust_env = False  # never route 127.0.0.1 through a proxy from the environment

    # -- plumbing ---------------------------------------------------------------------------
    def _call(self, method: str, path: str, timeout: float | None = None, ok404: bool = False, **kw) -> Any:
        url = f"{self.url}{path}"
        try:
            resp = self.session.request(method, url, timeout=timeout or self.timeout, **kw)
        except requests.exceptions.Timeout as exc:
            raise Timeout(
                f"Label Studio at {self.url} did not answer {method} {path} within {timeout or self.timeout:g} s"
            ) from exc
        except requests.exceptions.ConnectionError as exc:
            raise Unreachable(
                f"cannot reach Label Studio at {self.url} ({type(exc).__name__}); is it running? "
                "Start one with `bash scripts/labelstudio.sh start` or set LABEL_STUDIO_URL"
            ) from exc
        if resp.status_code in (401, 403):
            raise AuthError(
                f"Label Studio at {self.url} refused the API key ({resp.status_code} {_detail(resp)}); "
                f"check --api-key / {KEY_ENV} (Account & Settings -> Access Token; legacy tokens must be enabled)"
            )
        if resp.status_code == 404:
            if ok404:
                return None
            raise NotFound(f"Label Studio at {self.url}: {method} {path} not found ({_detail(resp)})")
        if resp.status_code >= 400:
            raise LabelStudioError(
                f"Label Studio at {self.url}: {method} {path} failed with {resp.status_code}: {_detail(resp)}"
            )
        if resp.status_code == 204 or not resp.content:
            return None
        try:
            return resp.json()
        except ValueError as exc:
            raise LabelStudioError(
                f"{self.url} answered {method} {path} with something that is not Label Studio JSON "
                f"(is the URL right?): {resp.text[:120]!r}"
            ) from exc

    # -- server -----------------------------------------------------------------------------
    def whoami(self) -> dict:
        """The user the API key belongs to; also proves the server is reachable and the key good."""
        return self._call("GET", "/api/current-user/whoami")

    def users(self) -> dict[int, str]:
        """User id -> e-mail (annotations name their annotator by id)."""
        data = self._call("GET", "/api/users")
        users = data.get("results", data) if isinstance(data, dict) else data
        return {u["id"]: u.get("email") or u.get("username") or str(u["id"]) for u in users}

    # -- projects ---------------------------------------------------------------------------
    def find_project(self, title: str) -> dict | None:
        data = self._call("GET", "/api/projects", params={"title": title, "page_size": 100})
        for project in data.get("results", []):
            if project.get("title") == title:
                return project
        return None

    def project(self, project_id: int) -> dict | None:
        """The project, or None when it was deleted."""
        return self._call("GET", f"/api/projects/{project_id}", ok404=True)

    def create_project(self, title: str, label_config: str, description: str = "") -> dict:
        return self._call(
            "POST", "/api/projects",
            json={"title": title, "label_config": label_config, "description": description},
        )

    def delete_project(self, project_id: int) -> None:
        self._call("DELETE", f"/api/projects/{project_id}")

    def create_view(self, project_id: int, title: str, hidden_columns: dict[str, list[str]],
                    ordering: list[str] | None = None) -> dict:
        """A task-list tab of the project (data manager view) with the given columns hidden."""
        data: dict[str, Any] = {"title": title, "type": "list", "target": "tasks", "hiddenColumns": hidden_columns,
                                "filters": {"conjunction": "and", "items": []}}
        if ordering:
            data["ordering"] = ordering
        return self._call("POST", "/api/dm/views", json={"project": project_id, "data": data})

    def views(self, project_id: int) -> list[dict]:
        return self._call("GET", "/api/dm/views", params={"project": project_id}) or []

    # -- tasks ------------------------------------------------------------------------------
    def import_tasks(self, project_id: int, tasks: list[dict], timeout: float | None = None) -> list[int]:
        """Import `tasks` (with their predictions) in one call; return the new task ids in order."""
        data = self._call(
            "POST", f"/api/projects/{project_id}/import", timeout=timeout,
            params={"return_task_ids": "true"}, json=tasks,
        )
        ids = (data or {}).get("task_ids")
        if ids is None or len(ids) != len(tasks):
            raise LabelStudioError(
                f"Label Studio at {self.url} imported {len(ids or [])} of {len(tasks)} tasks into project "
                f"{project_id} without saying which; run the push again (it skips what arrived)"
            )
        return list(ids)

    def tasks(self, project_id: int, page_size: int = 5000) -> Iterator[dict]:
        """Every task of the project as `{"id", "data", "meta"}` (no annotations: cheap)."""
        page = 1
        while True:
            data = self._call(
                "GET", "/api/tasks", ok404=page > 1,
                params={"project": project_id, "page": page, "page_size": page_size, "include": "id,data,meta"},
            )
            if data is None:  # past the last page
                return
            yield from data.get("tasks", [])
            if page * page_size >= data.get("total", 0):
                return
            page += 1

    def delete_task(self, task_id: int) -> None:
        self._call("DELETE", f"/api/tasks/{task_id}")

    def annotated_tasks(self, project_id: int) -> list[dict]:
        """Tasks with at least one annotation, annotations and their parent predictions included."""
        data = self._call("GET", f"/api/projects/{project_id}/export", params={"exportType": "JSON"})
        return data or []

    def create_annotation(self, task_id: int, result: list[dict], lead_time: float | None = None,
                          prediction_id: int | None = None) -> dict:
        """Submit an annotation as a reviewer in the UI would (tests and scripted review use it)."""
        body: dict[str, Any] = {"result": result}
        if lead_time is not None:
            body["lead_time"] = lead_time
        if prediction_id is not None:
            body["parent_prediction"] = prediction_id
        return self._call("POST", f"/api/tasks/{task_id}/annotations", json=body)

    def task(self, task_id: int) -> dict | None:
        return self._call("GET", f"/api/tasks/{task_id}", ok404=True)


def _detail(resp: requests.Response) -> str:
    try:
        data = resp.json()
    except ValueError:
        return resp.text[:200]
    if isinstance(data, dict):
        detail = data.get("detail") or data.get("validation_errors") or data
        return str(detail)[:300]
    return str(data)[:300]
