"""Workflow: what happens to a document between upload and publication.

Plain functions over a database session and a file store; the API and the CLI call
them, and tests call them directly.
"""
