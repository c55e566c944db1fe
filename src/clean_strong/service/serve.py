"""Running the service: uvicorn, on loopback unless told otherwise, with N worker processes.

The rule sets are loaded here first, so bad rules stop the command (exit 4) before it binds a
port. One worker runs the app in this process; several are uvicorn's worker processes, each
loading the same rule sets (passed in the environment) and running its own engine, so they
share no engine state at all.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..evaluation import DEFAULT_RULESET
from .config import ENV, Limits, RuleSets, to_environment


@dataclass(frozen=True)
class Options:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    rules: Sequence[str] = (DEFAULT_RULESET,)
    limits: Limits = field(default_factory=Limits)
    root_path: str = ""  # the path prefix a reverse proxy serves this under
    forwarded_allow_ips: str | None = None  # proxies trusted for X-Forwarded-*
    access_log: bool = False


def serve(options: Options) -> int:
    import uvicorn

    try:
        rulesets = RuleSets.load(list(options.rules))  # RuleSetError: exit 4, nothing bound
    except ValueError as error:  # the same name twice
        print(f"clean-strong serve: {error}", file=sys.stderr)
        return 2
    common = {
        "host": options.host, "port": options.port, "root_path": options.root_path,
        "forwarded_allow_ips": options.forwarded_allow_ips, "access_log": options.access_log,
        "server_header": False, "log_level": "info", "timeout_graceful_shutdown": 10,
    }
    where = f"http://{options.host}:{options.port}{options.root_path}/"
    print(f"clean-strong serve: {', '.join(rulesets.names)} on {where} "
          f"({options.workers} worker{'s' if options.workers > 1 else ''})", file=sys.stderr)
    if options.workers <= 1:
        from .app import create_app

        uvicorn.run(create_app(rulesets, options.limits), **common)  # type: ignore[arg-type]
    else:
        os.environ[ENV] = to_environment(rulesets.refs(), options.limits)
        # the workers share one listening socket; libuv's default accepts every pending
        # connection at once, so a burst lands on one worker: one at a time spreads them
        # (the workers' busiest/idlest CPU time went from ~0.5 to ~0.8, measured)
        os.environ.setdefault("UV_TCP_SINGLE_ACCEPT", "1")
        uvicorn.run("clean_strong.service.app:from_environment", factory=True,
                    workers=options.workers, **common)  # type: ignore[arg-type]
    return 0
