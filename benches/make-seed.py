#!/usr/bin/env python3
"""make-seed.py — grows an emulator world to N projects, for the CLI benchmark (benches/cli-list.sh).

Usage: benches/make-seed.py STATE.json N > SEED.json
       curl -s http://ADDR/_emulator/state | benches/make-seed.py - N > SEED.json

STATE.json is a world in the state-file format (`GET /_emulator/state` of an emulator started with
`--seed demo`, or a `--state` file). Its projects, databases, connections and backups are kept as they
are; projects of the same record shape are added until there are N. The added ones are deterministic
(the same input gives the same output): ids `proj_` + 24 base-36 characters derived from a hash of the
index, names `bench-project-NNN`, creation times one hour apart before the newest existing project,
default regions cycling over the available regions, no databases.
"""
import hashlib
import json
import sys
from datetime import datetime, timedelta, timezone

BASE36 = "abcdefghijklmnopqrstuvwxyz0123456789"


def project_id(index: int) -> str:
    digest = hashlib.sha256(f"ppg-bench-project-{index}".encode()).digest()
    number = int.from_bytes(digest, "big")
    chars = []
    for _ in range(24):
        number, rem = divmod(number, 36)
        chars.append(BASE36[rem])
    return "proj_" + "".join(chars)


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def format_time(at: datetime) -> str:
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    source, target = sys.argv[1], int(sys.argv[2])
    world = json.load(sys.stdin if source == "-" else open(source, encoding="utf-8"))
    projects = world["projects"]
    if not isinstance(projects, dict):
        print("make-seed.py: 'projects' is not an object keyed by id; is this a state file?", file=sys.stderr)
        return 2
    regions = [r["id"] for r in world.get("regions", []) if r.get("available", True)] or ["us-east-1"]
    times = [parse_time(p["createdAt"]) for p in projects.values()]
    start = max(times) if times else datetime.now(timezone.utc)
    index = 0
    while len(projects) < target:
        index += 1
        pid = project_id(index)
        if pid in projects:
            continue
        projects[pid] = {
            "id": pid,
            "name": f"bench-project-{index:03d}",
            "createdAt": format_time(start - timedelta(hours=index)),
            "defaultRegion": regions[index % len(regions)],
            "logicalId": None,
            "computeServices": 0,
        }
    json.dump(world, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
