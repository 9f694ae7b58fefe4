# Reads each DATABASE_URL of a JSON list on stdin as SQLAlchemy and its pysqlite dialect do, and prints the
# parts as JSON: the reference the .NET parser is held to.
import json
import sys

from sqlalchemy.engine import make_url
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

answers = []
for text in json.load(sys.stdin):
    try:
        url = make_url(text)
        answer = {"ok": True, "username": url.username, "password": url.password, "host": url.host,
                  "port": url.port, "database": url.database}
        if url.get_backend_name() == "sqlite":
            args, kwargs = SQLiteDialect_pysqlite().create_connect_args(url)
            if not kwargs.get("uri"):
                answer["file"] = args[0]
    except Exception as error:  # noqa: BLE001 - any refusal counts as "not ok"
        answer = {"ok": False, "error": type(error).__name__}
    answers.append(answer)
print(json.dumps(answers))
