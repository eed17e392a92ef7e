"""One outcome per request: the job outbox, one document per office and content, one
live publication per version.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_LIVE = "state IN ('queued', 'published')"


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "subject_id", name="uq_jobs_subject"),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_state"), ["state"], unique=False)

    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("office", sa.String(length=128), nullable=True))
    op.execute(
        "UPDATE document_versions SET office = (SELECT office FROM documents "
        "WHERE documents.id = document_versions.document_id)"
    )
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.alter_column("office", existing_type=sa.String(length=128), nullable=False)
        batch_op.create_unique_constraint("uq_versions_office_content", ["office", "sha256"])

    op.create_index(
        "uq_publications_live_version",
        "publications",
        ["version_id"],
        unique=True,
        sqlite_where=sa.text(_LIVE),
        postgresql_where=sa.text(_LIVE),
    )


def downgrade() -> None:
    op.drop_index("uq_publications_live_version", table_name="publications")
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.drop_constraint("uq_versions_office_content", type_="unique")
        batch_op.drop_column("office")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_state"))
    op.drop_table("jobs")
