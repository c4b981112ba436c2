"""One benchmark run's moving parts: the temp dir, the seeded store, the servers, the load."""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path
from typing import Any

import listing
from breakdown import statements_for
from loadgen import Load, LoadResult, Target, run_httpx, run_wrk
from processes import RssSampler, Server, bare_command, free_port, memory_mb, serve_command
from rich.console import Console
from seeding import SeededStore, seed


class Bench:
    """One run's servers, seeded store and load settings (the caller owns the temp dir and
    the PostgreSQL database, and calls ``stop_all`` in its ``finally``)."""

    def __init__(self, args: argparse.Namespace, workdir: Path, console: Console) -> None:
        self.args = args
        self.workdir = workdir
        self.console = console
        self.servers: list[Server] = []
        self.load = Load(args.duration, args.warmup, args.connections, args.threads)
        self.store: SeededStore | None = None
        self.ids_file = workdir / "source_ids.txt"

    def say(self, text: str) -> None:
        self.console.print(f"[dim]{time.strftime('%H:%M:%S')}[/] {text}")

    def seed(self, url: str) -> SeededStore:
        self.say(f"seeding {self.args.sources:,} sources ({self.args.backend})")
        store = asyncio.run(seed(url, self.args.sources))
        self.ids_file.write_text("\n".join(store.source_ids) + "\n")
        self.say(f"seeded in {store.seconds:.1f} s")
        self.store = store
        return store

    def start(self, name: str, command: list[str], port: int, token: str | None) -> Server:
        server = Server(name, command, port, self.workdir / f"{name}.log")
        self.servers.append(server)
        seconds = server.start("/", token)
        self.say(f"{name}: first 200 after {seconds:.3f} s (pid {server.pid})")
        return server

    def patchwire(self, store: SeededStore, log_level: str) -> Server:
        port = free_port()
        command = serve_command(port, store.url, log_level)
        return self.start(f"patchwire-{log_level}", command, port, store.token)

    def drive(self, server: Server, target: Target) -> LoadResult:
        assert self.store is not None
        self.say(f"load: {target.name} ({self.args.driver}, {self.args.duration:g} s)")
        if self.args.driver == "wrk":
            result = run_wrk(server.base_url, self.store.token, target, self.load, self.workdir)
        else:
            ids = self.store.source_ids
            result = run_httpx(server.base_url, self.store.token, target, self.load, ids)
        if result.errors:
            self.say(f"[yellow]{target.name}: errors {result.errors}[/]")
        return result

    def get_source_target(self) -> Target:
        return Target("getSource", prefix="/sources/", ids_file=self.ids_file)

    def stop_all(self) -> None:
        for server in reversed(self.servers):
            server.stop()
        self.servers.clear()

    def benchmark(self, store: SeededStore) -> dict[str, Any]:
        results: dict[str, Any] = {"seed_s": round(store.seconds, 2), "load": {}}
        cold: dict[str, float] = {}
        rss: dict[str, dict[str, float]] = {}

        port = free_port()
        bare = self.start("bare", bare_command(port, "warning"), port, None)
        cold["bare"] = round(bare.cold_start_s or 0.0, 3)
        main = self.patchwire(store, "warning")
        cold["patchwire"] = round(main.cold_start_s or 0.0, 3)
        time.sleep(0.5)
        rss["patchwire"] = {"idle": round(memory_mb(main.pid)["VmRSS"], 1)}
        rss["bare"] = {"idle": round(memory_mb(bare.pid)["VmRSS"], 1)}

        results["load"]["bare"] = self.drive(bare, Target("bare GET /", path="/")).as_dict()
        with RssSampler(main.pid) as sampler:
            results["load"]["get_source"] = self.drive(main, self.get_source_target()).as_dict()
        rss["patchwire"]["peak_under_load"] = round(sampler.peak_mb, 1)
        rss["patchwire"]["after_load"] = round(memory_mb(main.pid)["VmRSS"], 1)

        self.say(f"listSources: walking to page {self.args.list_page}, then sampling")
        results["list_sources"] = listing.measure(
            main.base_url,
            store.token,
            count=200,
            page=self.args.list_page,
            samples=self.args.list_samples,
        )
        rss["patchwire"]["after_lists"] = round(memory_mb(main.pid)["VmRSS"], 1)
        rss["patchwire"]["peak_hwm"] = round(memory_mb(main.pid)["VmHWM"], 1)
        rss["bare"]["peak_hwm"] = round(memory_mb(bare.pid)["VmHWM"], 1)
        path = f"/sources/{store.source_ids[len(store.source_ids) // 2]}"
        results["get_source_sql"] = statements_for(store.url, store.token, path)
        main.stop()

        if not self.args.skip_info:
            info = self.patchwire(store, "info")
            cold["patchwire (log info)"] = round(info.cold_start_s or 0.0, 3)
            results["load"]["get_source_info"] = self.drive(
                info, self.get_source_target()
            ).as_dict()
            info.stop()
        bare.stop()

        load = results["load"]
        results["ratios"] = {
            "get_source_rps": round(load["get_source"]["rps"] / load["bare"]["rps"], 4),
            "get_source_p99": round(load["get_source"]["p99_ms"] / load["bare"]["p99_ms"], 2),
        }
        if "get_source_info" in load:
            results["ratios"]["get_source_info_rps"] = round(
                load["get_source_info"]["rps"] / load["bare"]["rps"], 4
            )
        results["cold_start_s"] = cold
        results["rss_mb"] = rss
        return results
