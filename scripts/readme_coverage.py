"""Regenerate the README's coverage table (operation → implemented, tested).

Every operation of the official spec (and the v47-only ones) is listed; "implemented" comes
from the server's own operation table, and "tested" holds for every implemented operation
because the test suite fails when an implemented operation never got a contract-validated
2xx response (tests/contract). tests/test_readme.py fails when the README is stale.

    python scripts/readme_coverage.py          # rewrite README.md in place
    python scripts/readme_coverage.py --check  # exit 1 when README.md is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from patchwire.surfaces.public.operations import public_operations

ROOT = Path(__file__).resolve().parents[1]
SCOPE = ROOT.parent / "shared" / "contract" / "scope.json"
BEGIN = "<!-- coverage:begin -->"
END = "<!-- coverage:end -->"


def table(scope_path: Path = SCOPE) -> str:
    scope = json.loads(scope_path.read_text())
    served = {o.operation_id for o in public_operations()}
    ops = sorted(scope["public_api_operations"], key=lambda o: (o["tag"], o["operationId"]))
    lines = [
        f"Public API: **{len(served)} of {len(ops)}** operations implemented and tested.",
        "",
        "| tag | operation | method and path | implemented | tested |",
        "|---|---|---|---|---|",
    ]
    for o in ops:
        done = "yes" if o["operationId"] in served else "—"
        lines.append(
            f"| {o['tag']} | `{o['operationId']}` | `{o['method']} {o['path']}` | {done} | {done} |"
        )
    return "\n".join(lines)


def render(readme: str, scope_path: Path = SCOPE) -> str:
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{table(scope_path)}\n{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    path = ROOT / "README.md"
    current = path.read_text()
    wanted = render(current)
    if args.check:
        if current != wanted:
            print("README.md coverage table is stale: run python scripts/readme_coverage.py")
            return 1
        return 0
    path.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
