"""Regenerate the README's generated sections: the Public API coverage table (operation →
implemented, tested) and the Config API migration guide.

Coverage: every operation of the official spec (and the v47-only ones) is listed;
"implemented" comes from the server's own operation table, and "tested" holds for every
implemented operation because the test suite fails when an implemented operation never got a
contract-validated 2xx response (tests/contract).

Migration guide: Config API call → Public API call, and per resource Config field → Public
field with the rule, from ``patchwire.surfaces.v1beta.mapping`` (the one source of truth the
Config API's own serializers use). tests/test_readme.py fails when either section is stale.

    python scripts/readme_coverage.py          # rewrite README.md in place
    python scripts/readme_coverage.py --check  # exit 1 when README.md is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from patchwire.surfaces.public.operations import public_operations
from patchwire.surfaces.v1beta.mapping import CALLS, FIELDS

ROOT = Path(__file__).resolve().parents[1]
SCOPE = ROOT.parent / "shared" / "contract" / "scope.json"
BEGIN = "<!-- coverage:begin -->"
END = "<!-- coverage:end -->"
MIGRATION_BEGIN = "<!-- migration:begin -->"
MIGRATION_END = "<!-- migration:end -->"


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


def _cell(text: str) -> str:
    """A table cell: ``|`` would end it, even inside backticks."""
    return text.replace("|", "\\|")


def migration_guide() -> str:
    lines = [
        "### Migrating from the Config API",
        "",
        "Generated from `src/patchwire/surfaces/v1beta/mapping.py`, the table the Config API's",
        "own serializers read. Each Config API call and the Public API call that does the same:",
        "",
        "| Config API call | Public API call | note |",
        "|---|---|---|",
    ]
    lines += [f"| `{_cell(c.config)}` | {_cell(c.public)} | {_cell(c.note)} |" for c in CALLS]
    lines += ["", "Field by field (`—`: the field has no counterpart on that side):"]
    for resource in dict.fromkeys(f.resource for f in FIELDS):
        lines += [
            "",
            f"#### {resource}",
            "",
            "| Config field | Public field | rule |",
            "|---|---|---|",
        ]
        lines += [
            f"| `{_cell(f.config)}` | `{_cell(f.public)}` | {_cell(f.rule)} |"
            for f in FIELDS
            if f.resource == resource
        ]
    return "\n".join(lines)


def _replace_between(readme: str, begin: str, end: str, body: str) -> str:
    head, _, rest = readme.partition(begin)
    _, _, tail = rest.partition(end)
    return f"{head}{begin}\n{body}\n{end}{tail}"


def render(readme: str, scope_path: Path = SCOPE) -> str:
    """``readme`` with both generated sections brought up to date."""
    readme = _replace_between(readme, BEGIN, END, table(scope_path))
    return _replace_between(readme, MIGRATION_BEGIN, MIGRATION_END, migration_guide())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    path = ROOT / "README.md"
    current = path.read_text()
    wanted = render(current)
    if args.check:
        if current != wanted:
            print("README.md generated sections are stale: run python scripts/readme_coverage.py")
            return 1
        return 0
    path.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
