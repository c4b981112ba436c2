"""Every table, one module each; importing this package registers them all on Base."""

from patchwire.db.models.audit_event import AuditEvent
from patchwire.db.models.destination import (
    Destination,
    DestinationFilter,
    DestinationSubscription,
)
from patchwire.db.models.function import Function, FunctionVersion, InsertFunctionInstance
from patchwire.db.models.iam import Invite, Permission, User, UserGroup, UserGroupMember
from patchwire.db.models.instance_setting import InstanceSetting
from patchwire.db.models.label import Label, SourceLabel
from patchwire.db.models.source import Source, WriteKey
from patchwire.db.models.token import ApiToken
from patchwire.db.models.tracking_plan import TrackingPlan, TrackingPlanRule, TrackingPlanSource
from patchwire.db.models.transformation import Transformation
from patchwire.db.models.warehouse import Warehouse, WarehouseConnection
from patchwire.db.models.workspace import Workspace

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Destination",
    "DestinationFilter",
    "DestinationSubscription",
    "Function",
    "FunctionVersion",
    "InsertFunctionInstance",
    "InstanceSetting",
    "Invite",
    "Label",
    "Permission",
    "Source",
    "SourceLabel",
    "TrackingPlan",
    "TrackingPlanRule",
    "TrackingPlanSource",
    "Transformation",
    "User",
    "UserGroup",
    "UserGroupMember",
    "Warehouse",
    "WarehouseConnection",
    "Workspace",
    "WriteKey",
]
