"""``clean-strong serve``: the assessment as a web service, and an upload page for officials.

Other systems call the JSON API (``/v1/...``: the CLI's contract, its exact bytes); officials
open ``/``, pick a file, and read the page the HTML report writes. A top layer like the CLI:
it calls the library's functions and holds no assessment logic. See the README's "Dịch vụ web
/ Web service" section for ``curl`` examples and running it behind a reverse proxy.

Nothing is imported until asked for, so the CLI's parser (which takes ``serve``'s options from
:mod:`.serve`) does not load the web stack for every other verb.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app, from_environment
    from .config import Limits

__all__ = ["Limits", "create_app", "from_environment"]


def __getattr__(name: str) -> Any:
    if name in ("create_app", "from_environment"):
        from . import app

        return getattr(app, name)
    if name == "Limits":
        from .config import Limits

        return Limits
    raise AttributeError(name)
