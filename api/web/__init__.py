"""The reviewer web page: server-rendered pages and one small script, served by the
same app, every asset local (offices are often on closed networks)."""
