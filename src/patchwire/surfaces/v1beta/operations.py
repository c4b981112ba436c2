"""The Config API's table of contents: every operation served under ``/v1beta``."""

from __future__ import annotations

from patchwire.resources.catalog.v1beta_api import OPERATIONS as CATALOG
from patchwire.resources.destination_filters.v1beta_api import OPERATIONS as FILTERS
from patchwire.resources.destinations.v1beta_api import OPERATIONS as DESTINATIONS
from patchwire.resources.iam.v1beta_api import OPERATIONS as IAM
from patchwire.resources.regulations.v1beta_api import OPERATIONS as REGULATIONS
from patchwire.resources.sources.v1beta_api import OPERATIONS as SOURCES
from patchwire.resources.tokens.v1beta_api import OPERATIONS as TOKENS
from patchwire.resources.tracking_plans.v1beta_api import OPERATIONS as TRACKING_PLANS
from patchwire.resources.workspaces.v1beta_api import OPERATIONS as WORKSPACES
from patchwire.surfaces.public.operation import Operation


def config_operations() -> list[Operation]:
    return [
        *WORKSPACES,
        *SOURCES,
        *DESTINATIONS,
        *FILTERS,
        *CATALOG,
        *TOKENS,
        *TRACKING_PLANS,
        *REGULATIONS,
        *IAM,
    ]
