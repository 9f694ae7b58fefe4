"""The services' old path check, the peer `callytics-paths check --json` is measured against: for each path,
whether it exists, its type, its size and whether it is writable, printed as JSON."""
import sys
import json
import os

if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
    print(__doc__)
    sys.exit(0)

ROOT = os.environ.get("CALLYTICS_ROOT", "/app")
PATHS = {
    "audio": os.environ.get("AUDIO_DIR", ROOT + "/audio"),
    "temp": os.environ.get("TEMP_DIR", ROOT + "/temp"),
    "logs": os.environ.get("LOG_DIR", ROOT + "/logs"),
    "data": os.environ.get("DATA_DIR", ROOT + "/data"),
    "config": os.environ.get("CONFIG_DIR", ROOT + "/config"),
    "cache": os.environ.get("CACHE_DIR", ROOT + "/.cache"),
    "database": os.environ.get("DATABASE_URL", "sqlite:///" + ROOT + "/Callytics_new.sqlite").replace("sqlite:///", "", 1),
}

report = {}
for role, path in PATHS.items():
    entry = {"path": path, "exists": os.path.exists(path)}
    try:
        entry["type"] = "directory" if os.path.isdir(path) else "file" if os.path.isfile(path) else None
        entry["size"] = os.path.getsize(path) if os.path.isfile(path) else None
        entry["writable"] = os.access(path if entry["exists"] else os.path.dirname(path), os.W_OK)
        entry["error"] = None
    except OSError as error:
        entry["error"] = str(error)
    report[role] = entry
print(json.dumps(report, indent=2))
