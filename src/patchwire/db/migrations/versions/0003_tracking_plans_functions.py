"""tracking plans, transformations, functions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 07:56:05.866083
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "functions",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("resource_type", sa.String(length=32), nullable=False),
        sa.Column("display_name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("logo_url", sa.String(length=2048), nullable=True),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column(
            "settings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("preview_webhook_url", sa.String(length=2048), nullable=True),
        sa.Column("batch_max_count", sa.Integer(), nullable=True),
        sa.Column("catalog_id", sa.String(length=64), nullable=True),
        sa.Column("deployed_version_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deployed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_functions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_functions")),
    )
    with op.batch_alter_table("functions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_functions_workspace_id_resource_type_created_at_id",
            ["workspace_id", "resource_type", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "tracking_plans",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("slug", sa.String(length=255), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_tracking_plans_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_plans")),
    )
    with op.batch_alter_table("tracking_plans", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tracking_plans_workspace_id_created_at_id",
            ["workspace_id", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "function_versions",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("function_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deployed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["function_id"],
            ["functions.id"],
            name=op.f("fk_function_versions_function_id_functions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_function_versions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_function_versions")),
    )
    with op.batch_alter_table("function_versions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_function_versions_function_id_created_at_id",
            ["function_id", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "tracking_plan_rules",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tracking_plan_id", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("rule_key", sa.String(length=512), nullable=False),
        sa.Column("json_schema", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deprecated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tracking_plan_id"],
            ["tracking_plans.id"],
            name=op.f("fk_tracking_plan_rules_tracking_plan_id_tracking_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_tracking_plan_rules_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_plan_rules")),
        sa.UniqueConstraint(
            "tracking_plan_id",
            "type",
            "rule_key",
            name=op.f("uq_tracking_plan_rules_tracking_plan_id_type_rule_key"),
        ),
    )
    with op.batch_alter_table("tracking_plan_rules", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tracking_plan_rules_tracking_plan_id_position",
            ["tracking_plan_id", "position"],
            unique=False,
        )

    op.create_table(
        "tracking_plan_sources",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("tracking_plan_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_tracking_plan_sources_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tracking_plan_id"],
            ["tracking_plans.id"],
            name=op.f("fk_tracking_plan_sources_tracking_plan_id_tracking_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_tracking_plan_sources_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", name=op.f("pk_tracking_plan_sources")),
    )
    with op.batch_alter_table("tracking_plan_sources", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tracking_plan_sources_tracking_plan_id_created_at_source_id",
            ["tracking_plan_id", "created_at", "source_id"],
            unique=False,
        )

    op.create_table(
        "transformations",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("destination_metadata_id", sa.String(length=64), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("condition", sa.Text(), nullable=False),
        sa.Column("new_event_name", sa.String(length=255), nullable=True),
        sa.Column(
            "property_renames",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "property_value_transformations",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "fql_defined_properties",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "allow_properties",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "hash_properties_configuration",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_transformations_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_transformations_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transformations")),
    )
    with op.batch_alter_table("transformations", schema=None) as batch_op:
        batch_op.create_index("ix_transformations_source_id", ["source_id"], unique=False)
        batch_op.create_index(
            "ix_transformations_workspace_id_created_at_id",
            ["workspace_id", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "insert_function_instances",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("function_id", sa.String(length=64), nullable=False),
        sa.Column("integration_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column(
            "settings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["function_id"],
            ["functions.id"],
            name=op.f("fk_insert_function_instances_function_id_functions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["destinations.id"],
            name=op.f("fk_insert_function_instances_integration_id_destinations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_insert_function_instances_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insert_function_instances")),
    )
    with op.batch_alter_table("insert_function_instances", schema=None) as batch_op:
        batch_op.create_index(
            "ix_insert_function_instances_function_id_created_at_id",
            ["function_id", "created_at", "id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("insert_function_instances", schema=None) as batch_op:
        batch_op.drop_index("ix_insert_function_instances_function_id_created_at_id")

    op.drop_table("insert_function_instances")
    with op.batch_alter_table("transformations", schema=None) as batch_op:
        batch_op.drop_index("ix_transformations_workspace_id_created_at_id")
        batch_op.drop_index("ix_transformations_source_id")

    op.drop_table("transformations")
    with op.batch_alter_table("tracking_plan_sources", schema=None) as batch_op:
        batch_op.drop_index("ix_tracking_plan_sources_tracking_plan_id_created_at_source_id")

    op.drop_table("tracking_plan_sources")
    with op.batch_alter_table("tracking_plan_rules", schema=None) as batch_op:
        batch_op.drop_index("ix_tracking_plan_rules_tracking_plan_id_position")

    op.drop_table("tracking_plan_rules")
    with op.batch_alter_table("function_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_function_versions_function_id_created_at_id")

    op.drop_table("function_versions")
    with op.batch_alter_table("tracking_plans", schema=None) as batch_op:
        batch_op.drop_index("ix_tracking_plans_workspace_id_created_at_id")

    op.drop_table("tracking_plans")
    with op.batch_alter_table("functions", schema=None) as batch_op:
        batch_op.drop_index("ix_functions_workspace_id_resource_type_created_at_id")

    op.drop_table("functions")
