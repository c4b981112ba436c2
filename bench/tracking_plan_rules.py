"""Replacing and reading a tracking plan's rules in bulk (hand-run, not part of pytest).

Starts ``patchwire serve`` with the rule cap raised (PATCHWIRE_TRACKING_PLAN_MAX_RULES) on a
fresh SQLite store in a temp dir (and on a throw-away PostgreSQL database with
``--postgres``), creates one plan, then times, each ``--rounds`` times:

- replaceRulesInTrackingPlan with ``--rules`` rules that all differ from the stored ones
  (every schema is checked as draft 7, all rows are deleted and re-inserted): the worst case;
- the same replace sent again unchanged (what an IaC tool re-applying does);
- updateRulesInTrackingPlan changing every rule (versions bumped);
- reading every rule back with listRulesFromTrackingPlan, 200 a page, checking that each
  ``jsonSchema`` comes back byte for byte.

Prints the median, min and max of each, in milliseconds, per backend.

    python bench/tracking_plan_rules.py
    python bench/tracking_plan_rules.py --postgres postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import orjson
from processes import Server, free_port, serve_command
from seeding import PostgresDatabase, seed, sqlite_url

PAGE = 200


def rules(count: int, round_no: int) -> list[dict[str, Any]]:
    """``count`` TRACK rules shaped like real ones: every schema differs from the others (its
    description and one property of its own) and shares the common property shapes with
    them, as the events of a real plan do; ``round_no`` changes every schema."""
    return [
        {
            "key": f"Event {i:05d}",
            "type": "TRACK",
            "version": 1,
            "jsonSchema": {
                "$schema": "http://json-schema.org/draft-07/schema#",
                "type": "object",
                "description": f"Event {i}, round {round_no}",
                "properties": {
                    "properties": {
                        "type": "object",
                        "properties": {
                            f"event_{i}_id": {"type": "string", "minLength": 1},
                            "sku": {"type": "string", "pattern": "^[A-Z]{3}-\\d+$"},
                            "price": {"type": "number", "minimum": 0},
                            "quantity": {"type": "integer", "minimum": 1},
                            "tags": {"type": "array", "items": {"type": "string"}},
                        },
                        "required": [f"event_{i}_id", "sku", "price"],
                        "additionalProperties": False,
                    },
                    "context": {"type": "object"},
                    "traits": {"type": "object"},
                },
            },
        }
        for i in range(count)
    ]


def timed(work: Callable[[], None]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def send(client: httpx.Client, method: str, url: str, body: bytes) -> None:
    response = client.request(
        method, url, content=body, headers={"Content-Type": "application/json"}
    )
    if response.status_code != 200:
        raise RuntimeError(f"{method} {url}: {response.status_code} {response.text[:300]}")


def read_all(client: httpx.Client, url: str, expected: list[dict[str, Any]]) -> None:
    """Every rule, page by page; each jsonSchema must be the bytes that were sent."""
    got: list[bytes] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"pagination[count]": PAGE}
        if cursor:
            params["pagination[cursor]"] = cursor
        response = client.get(url, params=params)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code} {response.text[:300]}")
        page = orjson.loads(response.content)["data"]
        got.extend(orjson.dumps(r["jsonSchema"]) for r in page["rules"])
        cursor = page["pagination"]["next"]
        if cursor is None:
            break
    if got != [orjson.dumps(r["jsonSchema"]) for r in expected]:
        raise RuntimeError("the rules read back differ from the rules sent")


def summary(name: str, samples: list[float]) -> str:
    return (
        f"  {name:<34} median {statistics.median(samples):8.1f} ms   "
        f"min {min(samples):8.1f}   max {max(samples):8.1f}   (n={len(samples)})"
    )


def measure(url: str, count: int, rounds: int, workdir: Path) -> list[str]:
    store = asyncio.run(seed(url, 0))
    port = free_port()
    server = Server("patchwire", serve_command(port, url, "warning"), port, workdir / "serve.log")
    server.start("/", store.token)
    try:
        headers = {"Authorization": f"Bearer {store.token}"}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=300) as client:
            created = client.post("/tracking-plans", json={"name": "Bench", "type": "LIVE"})
            created.raise_for_status()
            rules_url = f"/tracking-plans/{created.json()['data']['trackingPlan']['id']}/rules"
            payloads = [orjson.dumps({"rules": rules(count, r)}) for r in range(rounds + 1)]
            send(client, "PUT", rules_url, payloads[0])  # warm-up: first plan contents

            put = partial(send, client, "PUT", rules_url)
            patch = partial(send, client, "PATCH", rules_url)
            changed = [timed(partial(put, body)) for body in payloads[1:]]
            same = [timed(partial(put, payloads[-1])) for _ in range(rounds)]
            patched = [timed(partial(patch, body)) for body in payloads[:-1]]
            read = partial(read_all, client, rules_url, rules(count, rounds - 1))
            reads = [timed(read) for _ in range(rounds)]
    finally:
        server.stop()
    return [
        f"payload {len(payloads[0]) / 1024:.0f} KiB for {count} rules",
        summary(f"replace {count} (all changed)", changed),
        summary(f"replace {count} (unchanged)", same),
        summary(f"update {count} (all changed)", patched),
        summary(f"read {count} back ({PAGE} a page)", reads),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--rules", type=int, default=2000, help="rules per request")
    parser.add_argument("--rounds", type=int, default=5, help="timed requests of each kind")
    parser.add_argument(
        "--postgres",
        nargs="?",
        const="postgresql://postgres@127.0.0.1:5432/test",
        help="also run on a throw-away database of this PostgreSQL server (admin URL)",
    )
    args = parser.parse_args()
    os.environ["PATCHWIRE_TRACKING_PLAN_MAX_RULES"] = str(max(5000, args.rules))
    report: list[str] = []
    with tempfile.TemporaryDirectory(prefix="patchwire-bench-") as tmp:
        workdir = Path(tmp)
        report += ["sqlite", *measure(sqlite_url(workdir), args.rules, args.rounds, workdir)]
        if args.postgres:
            database = PostgresDatabase(args.postgres)
            asyncio.run(database.create())
            try:
                report += ["postgres", *measure(database.url, args.rules, args.rounds, workdir)]
            finally:
                asyncio.run(database.drop())
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
