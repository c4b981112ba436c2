"""The baseline: one Starlette JSON endpoint on the uvicorn stack ``patchwire serve`` uses.

Same ``uvicorn.run`` flags as the CLI (loop and http "auto", so uvloop and httptools when
installed; one worker; no access log; no dictConfig), so the difference to getSource is
Patchwire's own work per request.
"""

from __future__ import annotations

import argparse
import logging
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def hello(request: Request) -> JSONResponse:
    return JSONResponse({"data": {"hello": "world", "ok": True}})


def create_app() -> Starlette:
    return Starlette(routes=[Route("/", hello)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args()
    logging.basicConfig(
        level=args.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    uvicorn.run(
        create_app(),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=False,
        timeout_graceful_shutdown=30,
        log_config=None,
    )


if __name__ == "__main__":
    main()
