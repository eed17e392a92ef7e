"""Storage: the database (SQLAlchemy) and original files on disk, addressed by content hash."""
