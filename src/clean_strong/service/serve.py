"""Running the service: uvicorn, on loopback unless told otherwise, with N worker processes.

The rule sets are loaded here first, so bad rules stop the command (exit 4) before it binds a
port. One worker runs the app in this process; several are uvicorn's worker processes, each
loading the same rule sets (passed in the environment) and running its own engine, so they
share no engine state at all.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..defaults import DEFAULT_RULESET
from ..words import Lang, default_lang, lang_of, say
from ..words.format import number
from .config import ENV, Limits, NamedTwice, RuleSets, to_environment


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


def add_arguments(sub: argparse.ArgumentParser, lang: Lang) -> None:
    """``clean-strong serve``'s options (the CLI builds its parser with these), their help
    in ``lang``."""
    def w(key: str, **values: object) -> str:
        return say(f"cli.serve.{key}", lang, **values)

    sub.add_argument("--host", default="127.0.0.1", help=w("host"))
    sub.add_argument("--port", type=int, default=8000, help=w("port"))
    sub.add_argument("--workers", type=int, default=1, help=w("workers"))
    sub.add_argument("--rules", action="append", metavar="NAME|DIR",
                     help=w("rules", default=DEFAULT_RULESET))
    sub.add_argument("--max-body", type=int, default=10_000_000, metavar="BYTES",
                     help=w("max_body", default=number(10_000_000, lang)))
    sub.add_argument("--max-batch", type=int, default=100_000_000, metavar="BYTES",
                     help=w("max_batch", default=number(100_000_000, lang)))
    sub.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                     help=w("timeout"))
    sub.add_argument("--body-timeout", type=float, default=60.0, metavar="SECONDS",
                     help=w("body_timeout"))
    sub.add_argument("--root-path", default="", metavar="/PREFIX", help=w("root_path"))
    sub.add_argument("--forwarded-allow-ips", default=None, metavar="IPS",
                     help=w("forwarded_allow_ips"))
    sub.add_argument("--access-log", action="store_true", help=w("access_log"))
    sub.add_argument("--lang", choices=("vi", "en"), default=None, help=w("lang"))


def run(args: argparse.Namespace) -> int:
    """``clean-strong serve ARGS``: exit 2 for options out of range, else :func:`serve`."""
    if not 1 <= args.port <= 65535 or args.workers < 1 or min(
            args.max_body, args.max_batch, args.timeout, args.body_timeout) <= 0:
        print(say("service.serve.out_of_range", lang_of(args.lang)), file=sys.stderr)
        return 2
    if args.lang is not None:  # read by words.default_lang(), here and in every worker
        os.environ["CLEAN_STRONG_LANG"] = args.lang
    limits = Limits(document_bytes=args.max_body, batch_bytes=args.max_batch,
                    seconds=args.timeout, batch_seconds=20 * args.timeout,
                    body_seconds=args.body_timeout)
    return serve(Options(args.host, args.port, args.workers, args.rules or [DEFAULT_RULESET],
                         limits, args.root_path, args.forwarded_allow_ips, args.access_log))


def serve(options: Options) -> int:
    import uvicorn

    lang = default_lang()  # --lang, if given, is in the environment by now
    try:
        rulesets = RuleSets.load(list(options.rules))  # RuleSetError: exit 4, nothing bound
    except NamedTwice as error:
        print(say("service.serve.named_twice", lang, names=", ".join(error.names))
              if error.names else say("service.serve.none", lang), file=sys.stderr)
        return 2
    common = {
        "host": options.host, "port": options.port, "root_path": options.root_path,
        "forwarded_allow_ips": options.forwarded_allow_ips, "access_log": options.access_log,
        "server_header": False, "log_level": "info", "timeout_graceful_shutdown": 10,
    }
    where = f"http://{options.host}:{options.port}{options.root_path}/"
    print(say("service.serve.started" if options.workers > 1 else "service.serve.started_one",
              lang, names=", ".join(rulesets.names), url=where, workers=options.workers),
          file=sys.stderr)
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
