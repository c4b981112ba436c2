"""The Public API's table of contents: every operation Patchwire serves at the root path."""

from __future__ import annotations

from patchwire.resources.audit.public_api import OPERATIONS as AUDIT
from patchwire.resources.catalog.public_api import OPERATIONS as CATALOG
from patchwire.resources.destination_filters.public_api import OPERATIONS as FILTERS
from patchwire.resources.destinations.public_api import OPERATIONS as DESTINATIONS
from patchwire.resources.functions.public_api import OPERATIONS as FUNCTIONS
from patchwire.resources.iam.public_api import OPERATIONS as IAM
from patchwire.resources.labels.public_api import OPERATIONS as LABELS
from patchwire.resources.sources.public_api import OPERATIONS as SOURCES
from patchwire.resources.testing.public_api import OPERATIONS as TESTING
from patchwire.resources.tracking_plans.public_api import OPERATIONS as TRACKING_PLANS
from patchwire.resources.transformations.public_api import OPERATIONS as TRANSFORMATIONS
from patchwire.resources.warehouses.public_api import OPERATIONS as WAREHOUSES
from patchwire.resources.workspaces.public_api import OPERATIONS as WORKSPACES
from patchwire.surfaces.public.operation import Operation


def public_operations() -> list[Operation]:
    return [
        *WORKSPACES,
        *TESTING,
        *SOURCES,
        *LABELS,
        *CATALOG,
        *AUDIT,
        *DESTINATIONS,
        *FILTERS,
        *WAREHOUSES,
        *FUNCTIONS,
        *TRACKING_PLANS,
        *TRANSFORMATIONS,
        *IAM,
    ]
