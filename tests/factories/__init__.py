"""Plain typed helpers that make test data through the Public API (or, for what only
operators can make, through the services in the app's own event loop)."""

from tests.factories.labels import create_label, label_ref
from tests.factories.sources import JAVASCRIPT, create_source, unique_slug
from tests.factories.tokens import issue_token, revoke_token

__all__ = [
    "JAVASCRIPT",
    "create_label",
    "create_source",
    "issue_token",
    "label_ref",
    "revoke_token",
    "unique_slug",
]
