"""destinations, subscriptions, filters, warehouses

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:49:59.322720
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "warehouses",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("metadata_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column(
            "settings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_warehouses_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warehouses")),
    )
    with op.batch_alter_table("warehouses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_warehouses_workspace_id_created_at_id",
            ["workspace_id", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "destinations",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("metadata_id", sa.String(length=64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column(
            "settings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_destinations_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_destinations_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destinations")),
    )
    with op.batch_alter_table("destinations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_destinations_source_id_created_at_id",
            ["source_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_destinations_workspace_id_created_at_id",
            ["workspace_id", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "warehouse_connections",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("warehouse_id", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_warehouse_connections_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["warehouse_id"],
            ["warehouses.id"],
            name=op.f("fk_warehouse_connections_warehouse_id_warehouses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_warehouse_connections_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("warehouse_id", "source_id", name=op.f("pk_warehouse_connections")),
    )
    with op.batch_alter_table("warehouse_connections", schema=None) as batch_op:
        batch_op.create_index(
            "ix_warehouse_connections_source_id_created_at",
            ["source_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_warehouse_connections_warehouse_id_created_at_source_id",
            ["warehouse_id", "created_at", "source_id"],
            unique=False,
        )

    op.create_table(
        "destination_filters",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("destination_id", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("condition", sa.Text(), nullable=False),
        sa.Column(
            "actions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["destination_id"],
            ["destinations.id"],
            name=op.f("fk_destination_filters_destination_id_destinations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_destination_filters_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destination_filters")),
    )
    with op.batch_alter_table("destination_filters", schema=None) as batch_op:
        batch_op.create_index(
            "ix_destination_filters_destination_id_created_at_id",
            ["destination_id", "created_at", "id"],
            unique=False,
        )

    op.create_table(
        "destination_subscriptions",
        sa.Column("workspace_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("destination_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("action_id", sa.String(length=64), nullable=False),
        sa.Column("action_slug", sa.String(length=255), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("trigger", sa.Text(), nullable=False),
        sa.Column(
            "settings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("model_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["destination_id"],
            ["destinations.id"],
            name=op.f("fk_destination_subscriptions_destination_id_destinations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_destination_subscriptions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destination_subscriptions")),
    )
    with op.batch_alter_table("destination_subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_destination_subscriptions_destination_id_created_at_id",
            ["destination_id", "created_at", "id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("destination_subscriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_destination_subscriptions_destination_id_created_at_id")

    op.drop_table("destination_subscriptions")
    with op.batch_alter_table("destination_filters", schema=None) as batch_op:
        batch_op.drop_index("ix_destination_filters_destination_id_created_at_id")

    op.drop_table("destination_filters")
    with op.batch_alter_table("warehouse_connections", schema=None) as batch_op:
        batch_op.drop_index("ix_warehouse_connections_warehouse_id_created_at_source_id")
        batch_op.drop_index("ix_warehouse_connections_source_id_created_at")

    op.drop_table("warehouse_connections")
    with op.batch_alter_table("destinations", schema=None) as batch_op:
        batch_op.drop_index("ix_destinations_workspace_id_created_at_id")
        batch_op.drop_index("ix_destinations_source_id_created_at_id")

    op.drop_table("destinations")
    with op.batch_alter_table("warehouses", schema=None) as batch_op:
        batch_op.drop_index("ix_warehouses_workspace_id_created_at_id")

    op.drop_table("warehouses")
