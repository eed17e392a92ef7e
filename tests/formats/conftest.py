"""The workflow fixtures (a runtime on each database, one user per role) for format tests."""

from tests.workflow.conftest import Office, office  # noqa: F401
