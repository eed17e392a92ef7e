"""The ``gongkai`` command line."""
