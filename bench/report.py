"""Targets, the printed table and ``bench/results/*.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    value: float | None
    limit: float
    higher_is_better: bool
    unit: str

    @property
    def passed(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.limit if self.higher_is_better else self.value <= self.limit

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "target": f"{'>=' if self.higher_is_better else '<='} {self.limit}{self.unit}",
            "passed": self.passed,
        }


def targets(results: dict[str, Any]) -> list[Target]:
    ratios = results.get("ratios", {})
    listing = results.get("list_sources", {})
    cold = results.get("cold_start_s", {})
    rss = results.get("rss_mb", {}).get("patchwire", {})
    return [
        Target("getSource req/s vs bare", ratios.get("get_source_rps"), 0.4, True, "x"),
        Target(
            f"listSources p50 page {listing.get('page', '?')} vs page 1",
            listing.get("ratio_p50"),
            1.2,
            False,
            "x",
        ),
        Target("cold start (patchwire serve)", cold.get("patchwire"), 1.0, False, " s"),
        Target("idle RSS (patchwire serve)", rss.get("idle"), 100.0, False, " MB"),
    ]


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def print_report(results: dict[str, Any], console: Console) -> None:
    meta = results["meta"]
    console.print(
        f"[bold]Patchwire benchmark[/] backend={meta['backend']} sources={meta['sources']:,} "
        f"driver={meta['driver']} {meta['threads']} threads x {meta['connections']} connections, "
        f"{meta['duration_s']} s per measurement (+{meta['warmup_s']} s warm-up), "
        f"{meta['cpus']} CPUs, uvicorn {meta['uvicorn']} loop={meta['loop']} http={meta['http']}"
    )
    console.print(f"seeded in {results['seed_s']:.1f} s")

    load = Table(title="Load over loopback (same run)", title_justify="left")
    for column in ("endpoint", "req/s", "p50 ms", "p90 ms", "p99 ms", "errors", "vs bare"):
        load.add_column(column, justify="left" if column == "endpoint" else "right")
    bare = results["load"].get("bare")
    for key, label in (
        ("bare", "bare Starlette GET /"),
        ("get_source", "getSource (log warning)"),
        ("get_source_info", "getSource (log info)"),
    ):
        row = results["load"].get(key)
        if row is None:
            continue
        vs = "-"
        if bare and key != "bare":
            vs = f"{row['rps'] / bare['rps']:.3f}x rps, {row['p99_ms'] / bare['p99_ms']:.1f}x p99"
        load.add_row(
            label,
            _fmt(row["rps"], 0),
            _fmt(row["p50_ms"]),
            _fmt(row["p90_ms"]),
            _fmt(row["p99_ms"]),
            str(sum(row["errors"].values())) if row["errors"] else "0",
            vs,
        )
    console.print(load)

    other = Table(title="Latency, start-up and memory", title_justify="left")
    other.add_column("measure")
    other.add_column("value", justify="right")
    listing = results.get("list_sources")
    if listing:
        page = listing["page"]
        other.add_row("listSources count=200 page 1 p50 / p99", _pair(listing["page_1"]))
        other.add_row(f"listSources count=200 page {page} p50 / p99", _pair(listing["deep"]))
        other.add_row(f"  ratio page {page} / page 1 (p50)", f"{listing['ratio_p50']:.3f}x")
    for name, seconds in results["cold_start_s"].items():
        other.add_row(f"cold start {name}", f"{seconds:.3f} s")
    for name, rss in results["rss_mb"].items():
        parts = ", ".join(f"{k} {v:.1f}" for k, v in rss.items())
        other.add_row(f"RSS MB {name}", parts)
    statements = results.get("get_source_sql")
    if statements is not None:
        other.add_row("SQL statements per getSource", str(len(statements)))
    console.print(other)

    checks = Table(title="Targets", title_justify="left")
    for column in ("target", "value", "limit", "result"):
        checks.add_column(column)
    for target in targets(results):
        verdict = {True: "[green]PASS[/]", False: "[red]FAIL[/]", None: "-"}[target.passed]
        value = "-" if target.value is None else f"{target.value:.3f}{target.unit}"
        limit = f"{'>=' if target.higher_is_better else '<='} {target.limit}{target.unit}"
        checks.add_row(target.name, value, limit, verdict)
    console.print(checks)


def _pair(summary: dict[str, float]) -> str:
    return f"{summary['p50_ms']:.2f} / {summary['p99_ms']:.2f} ms"


def write_results(results: dict[str, Any], name: str) -> list[Path]:
    """``latest.json`` plus ``latest-<backend>.json`` (or the given profile name)."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2, default=str) + "\n"
    paths = [RESULTS_DIR / f"{name}.json"]
    if name == "latest":
        paths.append(RESULTS_DIR / f"latest-{results['meta']['backend']}.json")
    for path in paths:
        path.write_text(text)
    return paths
