"""pytest plugin: validate every response against the spec, and demand full coverage.

Registered from tests/conftest.py (``pytest_plugins``). Each response any test receives
through ``tests.support.api.Api`` is checked by ``tests.contract.checks``; a violation fails
the test that received it. The plugin records which operations answered a 2xx that passed
the check; when the whole suite ran, an operation of ``public_operations()`` that never did
fails the session. The tally is written to the pytest cache (``patchwire/contract``).
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from patchwire.surfaces.public.operations import public_operations
from tests.contract.checks import check
from tests.contract.spec import EXTENSIONS, ContractSpec, RouteTable, load_spec, spec_path
from tests.support.api import on_every_response

CACHE_KEY = "patchwire/contract"
_MAX_UNKNOWN = 200


class ContractRecorder:
    """Per-session state: the spec (loaded on first use) and what the responses covered."""

    def __init__(self, path: Path, ci: bool) -> None:
        self.path = path
        self.ci = ci
        self._spec: ContractSpec | None = None
        self._lock = threading.Lock()
        self.exercised: Counter[str] = Counter()
        self.extensions: Counter[str] = Counter()
        self._extension_routes: RouteTable[str] | None = None
        self.errors_checked: Counter[str] = Counter()
        self.unknown: Counter[str] = Counter()
        self.unknown_total = 0
        self.failed = 0
        self.deselected = 0

    @property
    def available(self) -> bool:
        return self.path.is_file()

    def spec(self) -> ContractSpec | None:
        if self._spec is None:
            if not self.available:
                if self.ci:
                    raise AssertionError(f"the Public API spec is missing at {self.path} (CI)")
                return None
            with self._lock:
                if self._spec is None:
                    self._spec = load_spec(self.path)
        return self._spec

    def on_response(self, response: httpx.Response) -> None:
        __tracebackhide__ = True
        spec = self.spec()
        if spec is None:
            return
        verdict = check(spec, response, self.extension_routes())
        if verdict.violations:
            self.failed += 1
            raise AssertionError(verdict.report(response.headers.get("content-type", "")))
        if verdict.kind == "success" and verdict.operation_id is not None:
            self.exercised[verdict.operation_id] += 1
        elif verdict.kind == "extension" and verdict.operation_id is not None:
            self.extensions[verdict.operation_id] += 1
        elif verdict.kind == "error":
            self.errors_checked[f"{verdict.operation_id or '-'} {verdict.status}"] += 1
        elif verdict.kind == "unknown":
            key = f"{verdict.method} {verdict.path}"
            if key in self.unknown or len(self.unknown) < _MAX_UNKNOWN:
                self.unknown[key] += 1
            self.unknown_total += 1

    def extension_routes(self) -> RouteTable[str]:
        """Where the Patchwire extensions among the served operations live."""
        if self._extension_routes is None:
            routes: RouteTable[str] = RouteTable()
            for operation in public_operations():
                if operation.operation_id in EXTENSIONS:
                    routes.add(operation.method, operation.path, operation.operation_id)
            self._extension_routes = routes
        return self._extension_routes

    def missing(self) -> list[str]:
        served = {operation.operation_id for operation in public_operations()}
        return sorted(served - set(self.exercised) - set(self.extensions))


_KEY = pytest.StashKey[ContractRecorder]()
_registered = False
_current: ContractRecorder | None = None


def _forward(response: httpx.Response) -> None:
    __tracebackhide__ = True
    if _current is not None:
        _current.on_response(response)


def pytest_configure(config: pytest.Config) -> None:
    global _registered, _current
    _current = ContractRecorder(spec_path(), os.environ.get("CI") == "true")
    config.stash[_KEY] = _current
    if not _registered:
        on_every_response(_forward)
        _registered = True


def pytest_deselected(items: list[pytest.Item]) -> None:
    if _current is not None:
        _current.deselected += len(items)


def full_run(config: pytest.Config, recorder: ContractRecorder) -> str | None:
    """None when the whole default suite ran, else why this run is partial."""
    if config.option.collectonly:
        return "--collect-only"
    if config.option.keyword:
        return "-k given"
    if config.option.markexpr:
        return "-m given"
    if recorder.deselected:
        return f"{recorder.deselected} tests deselected"
    if config.args_source == pytest.Config.ArgsSource.TESTPATHS:
        return None
    root = config.rootpath
    testpaths = {(root / p).resolve() for p in config.getini("testpaths")} or {root}
    given = {(config.invocation_params.dir / a.split("::")[0]).resolve() for a in config.args}
    if given != testpaths:
        return "explicit paths given"
    return None


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    recorder = session.config.stash.get(_KEY, None)
    if recorder is None or exitstatus in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.USAGE_ERROR):
        return
    partial = full_run(session.config, recorder)
    missing = recorder.missing()
    cache = getattr(session.config, "cache", None)
    if cache is not None:
        cache.set(CACHE_KEY, _summary(recorder, partial, missing))
    if partial is None and recorder.available and missing and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _summary(recorder: ContractRecorder, partial: str | None, missing: list[str]) -> Any:
    return {
        "spec": str(recorder.path),
        "full_run": partial is None,
        "partial_because": partial,
        "exercised": dict(sorted(recorder.exercised.items())),
        "extensions_exercised": dict(sorted(recorder.extensions.items())),
        "missing": missing,
        "errors_checked": dict(sorted(recorder.errors_checked.items())),
        "unknown_responses": recorder.unknown_total,
        "unknown_paths": dict(sorted(recorder.unknown.items())),
        "violations": recorder.failed,
    }


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    recorder = config.stash.get(_KEY, None)
    if recorder is None:
        return
    write = terminalreporter.write_line
    if not recorder.available:
        write(f"contract: spec not found at {recorder.path}; responses were not validated")
        return
    checked = sum(recorder.exercised.values()) + sum(recorder.errors_checked.values())
    if not checked and not recorder.failed:
        return
    partial = full_run(config, recorder)
    missing = recorder.missing()
    write(
        f"contract: {checked} responses valid, {recorder.failed} violations; "
        f"{len(recorder.exercised)} operations answered a valid 2xx "
        f"(and {len(recorder.extensions)} unvalidated Patchwire extensions); "
        f"{recorder.unknown_total} responses to paths the spec does not know"
    )
    if not missing:
        return
    if partial is not None:
        write(f"contract: coverage not enforced ({partial}); {len(missing)} operations not run")
        return
    terminalreporter.section("contract coverage", sep="=", red=True, bold=True)
    write(
        f"{len(missing)} served operation(s) never answered a valid 2xx in this run; "
        "every operation in public_operations() needs a test that calls it successfully:",
        red=True,
    )
    for operation_id in missing:
        write(f"  {operation_id}", red=True)
