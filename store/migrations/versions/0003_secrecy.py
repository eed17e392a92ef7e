"""密级 that stays: the highest version that carried a marking, the marking itself, and
the 解密 records that alone can lift the block.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("marked_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("secrecy", sa.JSON(), nullable=True))
    # Documents processed before this revision: a blocked one was marked at its current
    # version (the only one that was read for it).
    op.execute(
        "UPDATE documents SET marked_version = (SELECT MAX(number) FROM document_versions "
        "WHERE document_versions.document_id = documents.id) WHERE publication_blocked"
    )
    op.create_table(
        "declassifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("covers_version", sa.Integer(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("declassifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_declassifications_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("declassifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declassifications_document_id"))
    op.drop_table("declassifications")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("secrecy")
        batch_op.drop_column("marked_version")
