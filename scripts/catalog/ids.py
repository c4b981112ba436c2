"""Deterministic identifiers and asset URLs for generated catalog entries.

Every value here is derived from a SHA-256 of a namespaced key, so regenerating the catalog
always yields the same ids. Real ids copied from the seeds or the action-destinations manifest
are never produced here; they are written into the data modules as literals.
"""

from __future__ import annotations

import hashlib

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# Segment's 22-character ids (actions, fields, workspaces) use a base58-like alphabet.
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _digest(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest(), "big")


def _encode(number: int, alphabet: str, length: int) -> str:
    chars = []
    base = len(alphabet)
    for _ in range(length):
        number, rem = divmod(number, base)
        chars.append(alphabet[rem])
    return "".join(chars)


def hex24(key: str) -> str:
    """A 24-hex id in the style of destination metadata ids (Mongo ObjectId-like)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def alnum(key: str, length: int = 10) -> str:
    """A mixed-case alphanumeric id, like source metadata ids (`IqDTy1TpoU`)."""
    return _encode(_digest(key), ALNUM, length)


def ksuid_like(key: str) -> str:
    """A 22-character id in Segment's style for actions and action fields."""
    return _encode(_digest(key), BASE58, 22)


def filepicker_url(key: str) -> str:
    return f"https://cdn.filepicker.io/api/file/{alnum('filepicker:' + key, 20)}"


def cloudfront_logo(slug: str) -> str:
    return f"https://d3hotuclm6if1r.cloudfront.net/logos/{slug}-default.svg"


def devcenter_logo(key: str) -> str:
    h = hashlib.sha256(("devcenter:" + key).encode("utf-8")).hexdigest()
    return (
        f"https://cdn-devcenter.segment.com/{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}.svg"
    )
