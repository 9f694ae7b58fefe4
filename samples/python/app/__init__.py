"""A Callytics service in miniature, in Python with only the standard library.

It reads the layout from the environment that `callytics-paths exec` prepared and proved: TEMP_DIR, LOG_DIR and
DATABASE_URL are absolute and usable by the time this code runs, so it does no checking of its own.
"""

import os
import urllib.parse


def database_file(url: str) -> str:
    """The SQLite file of a DATABASE_URL, read as SQLAlchemy reads it.

    sqlite:////abs/x.sqlite (four slashes) is the absolute path /abs/x.sqlite; sqlite:///rel/x.sqlite (three) is
    relative to the working directory. Anything else is refused: this sample keeps its calls in SQLite.
    """
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.split("+", 1)[0].lower() != "sqlite":
        raise ValueError("DATABASE_URL must be a sqlite URL such as sqlite:////app/data/calls.sqlite")
    path = urllib.parse.unquote(rest.split("?", 1)[0])
    if not path.startswith("/") or path in ("/", "/:memory:"):
        raise ValueError("DATABASE_URL must name a database file")
    return os.path.abspath(path[1:])
