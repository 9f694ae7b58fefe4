"""Turns a compose file into one the engine here can run, keeping what decides where data lands.

Usage: engine_compose.py SOURCE TARGET IMAGE. Every service keeps its environment, env_file, volumes, tmpfs,
read_only, user and extends; it runs IMAGE (a minimal Debian) doing nothing (sleep under an init, so that a recreate
is quick), on no network, in /app (the Callytics images' working directory). Ports, builds, health checks, profiles,
devices and networks go: they do not change where a write lands, and the engine here has no registry, no GPU and no
bridge by default. The top-level `name` goes too: Compose v1 does not know it (the tests pass --project-name).

A long-syntax bind (type: bind) whose host folder is missing is created here, as Compose v2 does by default
(create_host_path) and as the linter assumes: Compose v1 hands it to the engine's mount API, which refuses it.
"""
import os
import sys

import yaml

source, target, image = sys.argv[1:4]
with open(source, encoding="utf-8") as file:
    document = yaml.safe_load(file)

document.pop("name", None)
document.pop("networks", None)
dropped = {"build", "ports", "expose", "healthcheck", "depends_on", "profiles", "deploy", "networks", "restart",
           "command", "entrypoint", "links", "logging", "container_name"}
for service in (document.get("services") or {}).values():
    for key in [k for k in service if k in dropped]:
        del service[key]
    service["image"] = image
    service["entrypoint"] = ["sleep", "infinity"]
    service["init"] = True
    service["network_mode"] = "none"
    service.setdefault("working_dir", "/app")
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict) and volume.get("type") == "bind" and volume.get("source") \
                and (volume.get("bind") or {}).get("create_host_path", True):
            host = os.path.join(os.path.dirname(os.path.abspath(source)), volume["source"])
            if not os.path.exists(host):
                os.makedirs(host)

with open(target, "w", encoding="utf-8") as file:
    yaml.safe_dump(document, file, sort_keys=False)
