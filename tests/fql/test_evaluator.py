"""FQL evaluation: (statement, event, expected) cases over realistic Segment events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from patchwire.fql import evaluate, matches, parse
from patchwire.fql.glob import compile_glob

TRACK: dict[str, Any] = {
    "type": "track",
    "event": "Order Completed",
    "userId": "user-42",
    "anonymousId": None,
    "messageId": "ajs-next-1",
    "properties": {
        "order_id": "50314b8e",
        "total": 27.5,
        "revenue": 25,
        "currency": "USD",
        "coupon": None,
        "discount": 0,
        "enabled": True,
        "gift": False,
        "tags": ["sale", "summer"],
        "ids": [1, 2, 3],
        "products": [
            {"product_id": "507f1f", "sku": "45790-32", "price": 19, "name": "Monopoly"},
            {"product_id": "505bd7", "sku": "46493-32", "price": 3, "name": "Uno"},
        ],
        "product 1": {"price": "19.99"},
        "a.b": "dotted key",
        "true": "a field named true",
        "nested": {"list": [["x"]], "object": {"k": 1}},
    },
    "context": {
        "library": {"name": "analytics.js", "version": "2.11.1"},
        "page": {"path": "/checkout", "url": "https://shop.example/checkout"},
        "ip": "203.0.113.9",
    },
}

IDENTIFY: dict[str, Any] = {
    "type": "identify",
    "userId": "97980cfea0067",
    "traits": {
        "email": "Peter@Example.com",
        "name": "Peter Gibbons",
        "age": 34,
        "plan": "premium",
        "logins": 0,
        "address": {"city": "Zürich", "country": "CH"},
        "nickname": "ピーター",
    },
    "context": {"library": {"name": "analytics-python", "version": "1.4.0"}},
}

PAGE: dict[str, Any] = {
    "type": "page",
    "name": "Pricing",
    "category": "Docs",
    "properties": {
        "path": "/pricing",
        "title": "Pricing | Acme",
        "referrer": "",
        "url": "https://acme.example/pricing?ref=ad",
    },
}

DOCS: dict[str, Any] = {
    "event": "Button Clicked",
    "type": "track",
    "context": {"library": {"name": "analytics.js", "version": "1.0"}},
    "properties": {"features": ["discounts", "dark-mode"]},
}

CASES: list[tuple[str, dict[str, Any], bool]] = [
    # Segment's own documented examples.
    ("event = 'Button Clicked'", DOCS, True),
    ("event = 'Screen Tapped'", DOCS, False),
    ("context.path.path = '/login'", DOCS, False),
    ("type = 'identify' or type = 'track'", DOCS, True),
    ("event = 'Button Clicked' and type = 'track'", DOCS, True),
    ("match( context.library.version, '1.*' )", DOCS, True),
    ("match( context.library.version, '2.*' )", DOCS, False),
    ("type = 'track' and ( event = 'Click' or match( event, 'Button *' ) )", DOCS, True),
    ("!contains( context.library.name, 'js' )", DOCS, False),
    ("'dark-mode' in properties.features", DOCS, True),
    ("'blink' in properties.features", DOCS, False),
    ("!( type in ['track', 'identify'] )", DOCS, False),
    # Subscription triggers and filters on a track call.
    ('type = "track" and event = "Order Completed"', TRACK, True),
    ('type = "track" and event = "Order Refunded"', TRACK, False),
    ("event != 'Order Refunded'", TRACK, True),
    ("event != 'Order Completed'", TRACK, False),
    ("properties.total > 20", TRACK, True),
    ("properties.total > 27.5", TRACK, False),
    ("properties.total >= 27.5", TRACK, True),
    ("properties.total < 100", TRACK, True),
    ("properties.total <= 27.49", TRACK, False),
    ("properties.revenue = 25.0", TRACK, True),
    ("properties.discount = 0", TRACK, True),
    ("properties.discount < -1", TRACK, False),
    ("properties.revenue > -1.5", TRACK, True),
    ("properties.currency = 'USD' and properties.total > 10", TRACK, True),
    ("context.library.name = 'analytics.js'", TRACK, True),
    ("properties.products.\\0.name = 'Monopoly'", TRACK, True),
    ("properties.products.\\1.price < 5", TRACK, True),
    ("properties.products.\\2.price = null", TRACK, True),
    ("properties.nested.list.\\0.\\0 = 'x'", TRACK, True),
    ("properties.nested.object.k = 1", TRACK, True),
    ("properties.product\\ 1.price = '19.99'", TRACK, True),
    ("properties.a\\.b = 'dotted key'", TRACK, True),
    ("properties.\\true = 'a field named true'", TRACK, True),
    # Missing paths and null.
    ("properties.missing = null", TRACK, True),
    ("properties.missing != null", TRACK, False),
    ("properties.coupon = null", TRACK, True),
    ("anonymousId = null and userId != null", TRACK, True),
    ("properties.total.deeper = null", TRACK, True),
    ("nothing.at.all = 'x'", TRACK, False),
    ("properties.missing > 0", TRACK, False),
    ("properties.missing < 0", TRACK, False),
    ("null = null", TRACK, True),
    # Type mismatches are false, never errors.
    ("properties.total = '27.5'", TRACK, False),
    ("properties.enabled = 1", TRACK, False),
    ("properties.discount = false", TRACK, False),
    ("properties.currency > 5", TRACK, False),
    ("properties.tags > 1", TRACK, False),
    ("properties.order_id != 50314", TRACK, True),
    # Booleans as conditions.
    ("properties.enabled", TRACK, True),
    ("properties.gift", TRACK, False),
    ("!properties.gift", TRACK, True),
    ("properties.currency", TRACK, False),
    ("properties.missing", TRACK, False),
    ("!properties.missing", TRACK, True),
    ("properties.enabled = true and properties.gift = false", TRACK, True),
    ("properties.gift or properties.enabled", TRACK, True),
    ("true", TRACK, True),
    ("'true'", TRACK, False),
    # Precedence: and binds tighter than or.
    ("type = 'page' and event = 'x' or type = 'track'", TRACK, True),
    ("type = 'track' or type = 'page' and event = 'x'", TRACK, True),
    ("(type = 'track' or type = 'page') and event = 'x'", TRACK, False),
    ("!(type = 'page' or event = 'x')", TRACK, True),
    # Lists and in.
    ("event in ['Order Completed', 'Order Refunded']", TRACK, True),
    ("event in ['Order Refunded']", TRACK, False),
    ("2 in properties.ids", TRACK, True),
    ("2.0 in properties.ids", TRACK, True),
    ("'2' in properties.ids", TRACK, False),
    ("'sale' in properties.currency", TRACK, False),
    ("'x' in properties.missing", TRACK, False),
    ("null in [1, null]", TRACK, True),
    ("properties.coupon in [null]", TRACK, True),
    ("event in []", TRACK, False),
    ("properties.tags = ['sale', 'summer']", TRACK, True),
    ("properties.tags = ['summer', 'sale']", TRACK, False),
    ("properties.tags != ['sale']", TRACK, True),
    # contains and match.
    ("contains(event, 'Order')", TRACK, True),
    ("contains(event, 'order')", TRACK, False),
    ("contains(event, '')", TRACK, True),
    ("contains(properties.missing, 'x')", TRACK, False),
    ("contains(properties.total, '27')", TRACK, False),
    ("contains(properties.tags, 'sale')", TRACK, False),
    ("contains(lowercase(event), 'order')", TRACK, True),
    ("match(event, 'Order *')", TRACK, True),
    ("match(event, 'Order')", TRACK, False),
    ("match(event, '*Completed')", TRACK, True),
    ("match(event, 'Order C?mpleted')", TRACK, True),
    ("match(event, '[A-Z]rder*')", TRACK, True),
    ("match(event, '[a-z]rder*')", TRACK, False),
    ("match(event, '[^o]rder*')", TRACK, True),
    ("match(context.ip, '203.0.113.*')", TRACK, True),
    ("match(properties.missing, '*')", TRACK, False),
    ("match(properties.total, '*')", TRACK, False),
    ("match('ab*d', 'ab\\*d')", TRACK, True),
    ("match('abcd', 'ab\\*d')", TRACK, False),
    ("match('', '*')", TRACK, True),
    ("match('abc', 'ab[c')", TRACK, False),
    ("match('a\nb', 'a*b')", TRACK, True),
    # length, lowercase, typeof and the other value functions.
    ("length(userId) > 0", TRACK, True),
    ("length(anonymousId) = 0", TRACK, True),
    ("length(properties.missing) = 0", TRACK, True),
    ("length(properties.tags) = 2", TRACK, True),
    ("length(properties.total) = null", TRACK, True),
    ("length(properties.nested.object) = null", TRACK, True),
    ("length(traits.nickname) = 12", IDENTIFY, True),
    ("length(traits.address.city) = 7", IDENTIFY, True),  # ü is two bytes
    ("lowercase(traits.email) = 'peter@example.com'", IDENTIFY, True),
    ("lowercase(traits.age) = null", IDENTIFY, True),
    ("lowercase(traits.missing) = null", IDENTIFY, True),
    ("uppercase(traits.plan) = 'PREMIUM'", IDENTIFY, True),
    ("snakecase(traits.name) = 'Peter_Gibbons'", IDENTIFY, True),
    ("kebabcase(traits.name) = 'Peter-Gibbons'", IDENTIFY, True),
    ("titlecase('test string') = 'Test String'", IDENTIFY, True),
    ("typeof(traits.email) = 'string'", IDENTIFY, True),
    ("typeof(traits.age) = 'number'", IDENTIFY, True),
    ("typeof(traits.address) = 'object'", IDENTIFY, True),
    ("typeof(traits.missing) = 'null'", IDENTIFY, True),
    ("typeof(properties.tags) = 'list'", TRACK, True),
    ("typeof(properties.enabled) = 'bool'", TRACK, True),
    ("typeof(true) = 'bool'", TRACK, True),
    # Identify and page calls, unicode.
    (
        "type = 'identify' and traits.age >= 18 and traits.plan in ['pro', 'premium']",
        IDENTIFY,
        True,
    ),
    ("traits.logins = 0 and traits.logins < 1", IDENTIFY, True),
    ("traits.address.city = 'Zürich'", IDENTIFY, True),
    ("traits.address.city > 'Zurich'", IDENTIFY, True),
    ("traits.nickname = 'ピーター'", IDENTIFY, True),
    ("contains(traits.nickname, 'ター')", IDENTIFY, True),
    ("traits.name < 'Zed' and traits.name > 'Anne'", IDENTIFY, True),
    ("type = 'page' and name = 'Pricing' and category = 'Docs'", PAGE, True),
    ("properties.referrer = ''", PAGE, True),
    ("length(properties.referrer) = 0", PAGE, True),
    ("match(properties.url, '*?ref=*')", PAGE, True),
    ("contains(properties.title, '|') and properties.path != '/'", PAGE, True),
    ("userId = null", PAGE, True),
]


@pytest.mark.parametrize(("source", "event", "expected"), CASES, ids=[c[0][:60] for c in CASES])
def test_case(source: str, event: dict[str, Any], expected: bool) -> None:
    assert evaluate(parse(source), event) is expected
    assert matches(source, event) is expected


def test_enough_cases() -> None:
    assert len(CASES) >= 60


ODD: dict[str, Any] = {
    "type": ["track"],
    "event": {"name": "x"},
    "properties": [1, {"a": None}],
    "context": "not an object",
    "traits": 7,
    "userId": True,
}


def test_every_valid_corpus_statement_evaluates_to_a_bool() -> None:
    """Evaluation never raises: odd shapes and types only make conditions false."""
    corpus = json.loads((Path(__file__).parent / "corpus.json").read_text(encoding="utf-8"))
    sources = [entry["source"] for entry in corpus["entries"] if entry["valid"]]
    sources += [source for source, _, _ in CASES]
    for source in sources:
        tree = parse(source)
        for event in (TRACK, IDENTIFY, PAGE, DOCS, ODD, {}):
            assert isinstance(evaluate(tree, event), bool), (source, event)


def test_non_json_values_equal_nothing() -> None:
    event = {"when": object(), "n": 1}
    assert matches("when = when", event) is False
    assert matches("typeof(when) = 'unknown'", event) is True
    assert matches("n = 1", event) is True


def test_globs_are_compiled_once() -> None:
    compile_glob.cache_clear()
    tree = parse("match(event, 'Order *')")
    for _ in range(100):
        assert evaluate(tree, TRACK) is True
    info = compile_glob.cache_info()
    assert (info.misses, info.hits) == (1, 99)


def test_long_chains_evaluate_without_recursion() -> None:
    tree = parse(" or ".join(f"properties.total = {i}" for i in range(5000)))
    assert evaluate(tree, {"properties": {"total": 4999}}) is True
    assert evaluate(tree, {"properties": {"total": 5000}}) is False
