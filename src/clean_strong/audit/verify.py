"""``verify``: is a stored result exactly what its input and rules give today?

A result carries what it was made from: ``ruleset.hash`` (the rule files, tests excluded),
``provenance.input_hash`` (the validated document) and ``provenance.library_version``. The
input is evaluated again and the two canonical JSONs compared byte for byte; when they differ
the hashes say why — the rules changed, the input changed, the library changed — and when
every hash matches yet the JSON differs, the result itself was edited after it was made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from ..documents import Document, input_error, read_bounded, refused
from ..errors import RuleSetError
from ..evaluation import evaluate, input_hash, resolve_ruleset
from ..result import Result
from ..ruleset import RuleSet
from .counterfactual import counterfactuals

Kind = Literal["ruleset", "input", "library", "outcome", "edited"]
SHOWN_PATHS = 12


@dataclass(frozen=True)
class Finding:
    """One reason the result is not reproduced, in both languages."""

    kind: Kind
    vi: str
    en: str
    paths: tuple[str, ...] = ()  # for "edited": the result's JSON paths that differ


@dataclass
class Verification:
    reproduced: bool
    recorded: Result
    fresh: Result
    findings: list[Finding] = field(default_factory=list)
    formatting: bool = False  # the file is not the canonical one-line JSON (content equal)


def read_result(path: Path | str) -> tuple[Result, bytes]:
    """A stored result (``evaluate --format json``, one line), or :class:`InputError` naming
    the file, the field path and the problem."""
    path = Path(path)
    raw = read_bounded(path)
    text = raw.removeprefix(b"\xef\xbb\xbf").strip()
    if not text:
        raise refused(str(path), "", "empty_result")
    try:
        return Result.model_validate_json(text), text
    except ValidationError as error:
        raise input_error(str(path), error) from None


def verify(
    recorded: Result,
    document: Document,
    ruleset: RuleSet | str | Path | None = None,
    *,
    raw: bytes | None = None,
) -> Verification:
    """Evaluate ``document`` again and compare with ``recorded`` (``ruleset`` None: the rule
    set the result names, if bundled)."""
    rules = _rules(recorded, ruleset)
    fresh = evaluate(document, rules)
    if recorded.recognition is not None or any(c.counterfactuals for c in recorded.criteria):
        fresh = counterfactuals(document, rules, result=fresh)
    expected = fresh.to_json()
    canonical = recorded.to_json()
    formatting = raw is not None and raw.strip() != expected.encode("utf-8")
    if canonical == expected:
        return Verification(True, recorded, fresh, [], formatting)
    return Verification(False, recorded, fresh, _findings(recorded, fresh, document), formatting)


def _rules(recorded: Result, ruleset: RuleSet | str | Path | None) -> RuleSet:
    if ruleset is not None:
        return resolve_ruleset(ruleset)
    try:
        return resolve_ruleset(recorded.ruleset.name)
    except RuleSetError:
        return resolve_ruleset(None)  # the default: its hash will say it differs


def _findings(recorded: Result, fresh: Result, document: Document) -> list[Finding]:
    found: list[Finding] = []
    a, b = recorded.ruleset, fresh.ruleset
    same_rules = a.hash == b.hash
    same_input = recorded.provenance.input_hash == input_hash(document)
    same_library = (recorded.provenance.library_version == fresh.provenance.library_version
                    and recorded.provenance.engine == fresh.provenance.engine)
    if not same_rules:
        found.append(Finding(
            "ruleset",
            f"bộ quy tắc đã thay đổi: kết quả được tạo bằng {a.name} {a.version} "
            f"({_short(a.hash)}), nay là {b.name} {b.version} ({_short(b.hash)})",
            f"rule set changed: the result was made with {a.name} {a.version} "
            f"({_short(a.hash)}); the rules now are {b.name} {b.version} ({_short(b.hash)})",
        ))
    if not same_input:
        found.append(Finding(
            "input",
            f"dữ liệu đầu vào đã thay đổi: mã băm ghi trong kết quả "
            f"{_short(recorded.provenance.input_hash)}, của tệp hiện nay "
            f"{_short(input_hash(document))}",
            f"input changed: the result records input {_short(recorded.provenance.input_hash)}"
            f", this input is {_short(input_hash(document))}",
        ))
    if not same_library:
        found.append(Finding(
            "library",
            f"phiên bản thư viện khác: {recorded.provenance.library_version} "
            f"({recorded.provenance.engine}) → {fresh.provenance.library_version} "
            f"({fresh.provenance.engine})",
            f"library version differs: {recorded.provenance.library_version} "
            f"({recorded.provenance.engine}) → {fresh.provenance.library_version} "
            f"({fresh.provenance.engine})",
        ))
    outcome = _outcome(recorded, fresh)
    if outcome:
        found.append(Finding(
            "outcome",
            "kết quả đánh giá thay đổi: " + "; ".join(outcome),
            "outcome changed: " + "; ".join(outcome),
        ))
    elif found:
        found.append(Finding("outcome", "kết luận và trạng thái các tiêu chí không đổi",
                             "verdict and criterion statuses unchanged"))
    if same_rules and same_input:
        paths = _differences(recorded.model_dump(mode="json"), fresh.model_dump(mode="json"))
        shown = ", ".join(paths[:SHOWN_PATHS]) + (
            f" (+{len(paths) - SHOWN_PATHS})" if len(paths) > SHOWN_PATHS else "")
        if same_library:
            found.append(Finding(
                "edited",
                "kết quả đã bị sửa: mã băm của dữ liệu và bộ quy tắc khớp, nhưng JSON không "
                f"khớp với điều chúng cho ra, ở: {shown}",
                "result edited: its input and rule hashes match, but its JSON is not what they "
                f"produce, at: {shown}", tuple(paths),
            ))
        else:
            found.append(Finding("edited", f"khác biệt ở: {shown}", f"differences at: {shown}",
                                 tuple(paths)))
    return found


def _outcome(recorded: Result, fresh: Result) -> list[str]:
    changes: list[str] = []
    if recorded.verdict != fresh.verdict:
        changes.append(f"verdict {recorded.verdict} → {fresh.verdict}")
    before = {c.id: c.status for c in recorded.criteria}
    after = {c.id: c.status for c in fresh.criteria}
    for cid in sorted(before.keys() | after.keys()):
        if before.get(cid) != after.get(cid):
            changes.append(f"{cid} {before.get(cid, '—')} → {after.get(cid, '—')}")
    return changes


def _differences(a: Any, b: Any, path: str = "") -> list[str]:
    """JSON paths where two documents differ (``criteria[3].explanation.en``)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in dict.fromkeys([*a, *b]):
            out += _differences(a.get(key), b.get(key), f"{path}.{key}" if path else key)
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path} ({len(a)} → {len(b)} items)"]
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += _differences(x, y, f"{path}[{i}]")
        return out
    return [] if a == b and type(a) is type(b) else [path or "(document)"]


def _short(digest: str) -> str:
    return digest[:19] + "…" if len(digest) > 20 else digest


__all__ = ["Finding", "Verification", "read_result", "verify"]
