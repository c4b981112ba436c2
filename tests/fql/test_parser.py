"""The FQL parser: our verdicts on the corpus, parity with fql-ts, and the trees we build."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import patchwire.fql
from patchwire.fql import FqlSyntaxError, parse, validate
from patchwire.fql.lexer import MAX_LITERAL
from patchwire.fql.nodes import (
    And,
    Call,
    Compare,
    CompareOp,
    Function,
    ListLiteral,
    Literal,
    Not,
    Or,
)
from patchwire.fql.nodes import (
    Path as FieldPath,
)
from patchwire.fql.parser import MAX_NESTING
from tests.fql.conftest import Verdicts

CORPUS: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parent / "corpus.json").read_text(encoding="utf-8")
)["entries"]


def _id(entry: dict[str, Any]) -> str:
    return repr(entry["source"])[:60]


def _our_verdict(source: str) -> FqlSyntaxError | None:
    try:
        validate(source)
    except FqlSyntaxError as exc:
        return exc
    return None


def test_public_surface_is_pinned() -> None:
    assert patchwire.fql.__all__ == [
        "Expr",
        "FqlSyntaxError",
        "evaluate",
        "matches",
        "parse",
        "validate",
    ]


def test_corpus_covers_every_kind_of_entry() -> None:
    assert len(CORPUS) >= 80
    assert len({entry["source"] for entry in CORPUS}) == len(CORPUS)
    checked = [e for e in CORPUS if not e.get("beyond_fqlts") and not e.get("divergence")]
    assert sum(e["valid"] for e in checked) >= 30
    assert sum(not e["valid"] for e in checked) >= 30
    assert any(e.get("beyond_fqlts") and e["valid"] for e in CORPUS)
    assert any(e.get("beyond_fqlts") and not e["valid"] for e in CORPUS)
    assert any(e.get("divergence") for e in CORPUS)


@pytest.mark.parametrize("entry", CORPUS, ids=_id)
def test_our_verdict(entry: dict[str, Any]) -> None:
    error = _our_verdict(entry["source"])
    assert (error is None) == entry["valid"], error
    if error is not None and "position" in entry:
        assert error.position == entry["position"], error


def test_fqlts_parity(fqlts_verdicts: Verdicts) -> None:
    """fql-ts agrees with every plain entry and disagrees with every marked divergence."""
    verdicts = fqlts_verdicts([entry["source"] for entry in CORPUS])
    wrong = []
    for entry, verdict in zip(CORPUS, verdicts, strict=True):
        theirs = verdict["accepted"]
        if entry.get("beyond_fqlts"):
            # Beyond fql-ts means its parser lacks the construct; if it accepts, the label lies.
            if entry["valid"] and theirs:
                wrong.append((entry["source"], "labelled beyond_fqlts but fql-ts accepts it"))
        elif entry.get("divergence"):
            if theirs == entry["valid"]:
                wrong.append((entry["source"], "labelled a divergence but fql-ts agrees"))
        elif theirs != entry["valid"]:
            wrong.append((entry["source"], f"fql-ts says {theirs}: {verdict['error']}"))
    assert wrong == []


@pytest.mark.parametrize(
    ("size", "accepted"), [(MAX_LITERAL - 1, True), (MAX_LITERAL, False)], ids=["under", "at"]
)
def test_literal_length_limits_match_fqlts(
    fqlts_verdicts: Verdicts, size: int, accepted: bool
) -> None:
    sources = [f"x = '{'a' * size}'", f"{'a' * size} = 1", f"x = 1{'0' * size}"]
    assert [_our_verdict(source) is None for source in sources] == [accepted] * 3
    assert [v["accepted"] for v in fqlts_verdicts(sources)] == [accepted] * 3


def _eq(path: str, value: Any) -> Compare:
    return Compare(CompareOp.EQ, FieldPath(tuple(path.split("."))), Literal(value))


@pytest.mark.parametrize(
    ("source", "tree"),
    [
        ("type = 'track'", _eq("type", "track")),
        ("a = 1 and b = 2 or c = 3", Or((And((_eq("a", 1), _eq("b", 2))), _eq("c", 3)))),
        ("a = 1 or b = 2 and c = 3", Or((_eq("a", 1), And((_eq("b", 2), _eq("c", 3)))))),
        ("a = 1 and (b = 2 or c = 3)", And((_eq("a", 1), Or((_eq("b", 2), _eq("c", 3)))))),
        ("a = 1 and b = 2 and c = 3", And((_eq("a", 1), _eq("b", 2), _eq("c", 3)))),
        ("x = -1.5", _eq("x", -1.5)),
        ("x = +5", _eq("x", 5)),
        ("x = 1.and y = 2", And((_eq("x", 1.0), _eq("y", 2)))),
        ("x = null", _eq("x", None)),
        ("x = true", _eq("x", True)),
        ("true", Literal(True)),
        ("\\true = 1", _eq("true", 1)),
        ("true.x = false", _eq("true.x", False)),
        ("null.in = 1", _eq("null.in", 1)),
        ("properties.product\\ 1.price = 1", _eq("properties.product 1.price", 1)),
        ("a\\.b = 1", Compare(CompareOp.EQ, FieldPath(("a.b",)), Literal(1))),
        ('x = "a\\"', _eq("x", "a\\")),
        ("x = 'say \"hi\"'", _eq("x", 'say "hi"')),
        ("a != 'b'", Compare(CompareOp.NE, FieldPath(("a",)), Literal("b"))),
        ("a <= 2", Compare(CompareOp.LE, FieldPath(("a",)), Literal(2))),
        ("a >= 2", Compare(CompareOp.GE, FieldPath(("a",)), Literal(2))),
        ("a < 2", Compare(CompareOp.LT, FieldPath(("a",)), Literal(2))),
        ("a > 2", Compare(CompareOp.GT, FieldPath(("a",)), Literal(2))),
        (
            "x in ['a', 1, true, null]",
            Compare(CompareOp.IN, FieldPath(("x",)), ListLiteral(("a", 1, True, None))),
        ),
        (
            "'dark-mode' in properties.features",
            Compare(CompareOp.IN, Literal("dark-mode"), FieldPath(("properties", "features"))),
        ),
        (
            "!contains(event, 'js')",
            Not(Call(Function.CONTAINS, (FieldPath(("event",)), Literal("js")))),
        ),
        ("!(a = 1)", Not(_eq("a", 1))),
        ("!enabled", Not(FieldPath(("enabled",)))),
        (
            "length(lowercase(x)) > 0",
            Compare(
                CompareOp.GT,
                Call(Function.LENGTH, (Call(Function.LOWERCASE, (FieldPath(("x",)),)),)),
                Literal(0),
            ),
        ),
        ("((a = 1))", _eq("a", 1)),
    ],
)
def test_tree(source: str, tree: Any) -> None:
    assert parse(source) == tree


def test_error_carries_message_and_position() -> None:
    with pytest.raises(FqlSyntaxError) as caught:
        parse("type = ")
    assert caught.value.position == 7
    assert caught.value.message == "expected a value, found the end of the statement"
    assert str(caught.value) == f"{caught.value.message} (at position 7)"


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ('type = "track', "unterminated string"),
        ("foo(a) = 1", "unknown function 'foo'"),
        ("x = 1.5.2", "multiple decimal points in one number"),
        ("é = 1", "invalid character 'é'"),
    ],
)
def test_error_reason(source: str, reason: str) -> None:
    with pytest.raises(FqlSyntaxError) as caught:
        parse(source)
    assert caught.value.message == reason


def test_nesting_limit() -> None:
    inner = "a = 1"
    assert parse("(" * MAX_NESTING + inner + ")" * MAX_NESTING) == _eq("a", 1)
    for source in (
        "(" * (MAX_NESTING + 1) + inner + ")" * (MAX_NESTING + 1),
        "!(" * (MAX_NESTING + 1) + inner + ")" * (MAX_NESTING + 1),
        "length(" * (MAX_NESTING + 1) + "x" + ")" * (MAX_NESTING + 1) + " = 1",
    ):
        with pytest.raises(FqlSyntaxError, match="nested more than"):
            parse(source)


def test_long_flat_chains_do_not_recurse() -> None:
    tree = parse(" and ".join(f"a{i} = {i}" for i in range(5000)))
    assert isinstance(tree, And)
    assert len(tree.operands) == 5000


def test_trees_are_immutable_and_hashable() -> None:
    tree = parse("type = 'track' and event in ['A', 'B']")
    assert isinstance(tree, And)
    assert hash(tree) == hash(parse("type = 'track' and event in ['A', 'B']"))
    with pytest.raises(AttributeError):
        tree.operands = ()  # type: ignore[misc]
