"""Random, URL-safe, never-reused identifiers in the shape Segment uses."""

from __future__ import annotations

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_id() -> str:
    """A 22-character base62 id (~131 bits), like ``qQEHquLrjRDN9j1ByrChyn``."""
    return _random(22)


def new_write_key() -> str:
    """A 32-character base62 write key, as Segment issues them."""
    return _random(32)


def new_token_secret() -> str:
    """The secret part of an API token; only its hash is ever stored."""
    return "pw_" + secrets.token_urlsafe(32)
