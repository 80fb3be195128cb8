#!/usr/bin/env python3
"""Adds a synthetic year of casework to a Minzheng SQLite database, for the annual-report benchmark.

Each new matter is a copy of one of the database's matters of the template year (the demo's 2025), moved to the target
year: new ID and reference, its dates and the dates in its fields shifted by whole years, its events copied with it.
The mix of types is the demo year's (mostly mediation, with study sessions, petitions, inspections, assistance …), so
the report's figures read the same kinds of rows they read in a real year, at volume.

    python3 scripts/synthetic_matters.py DATABASE.sqlite COUNT [--from 2025] [--to 2024]
"""
import argparse
import datetime
import random
import sqlite3
import time
import uuid

p = argparse.ArgumentParser()
p.add_argument("database")
p.add_argument("count", type=int)
p.add_argument("--from", dest="source", type=int, default=2025)
p.add_argument("--to", dest="target", type=int, default=2024)
args = p.parse_args()

rng = random.Random(2024)
connection = sqlite3.connect(args.database)
connection.execute("PRAGMA journal_mode=WAL")
start = datetime.datetime(args.source, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=8))).timestamp()
end = datetime.datetime(args.source + 1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=8))).timestamp()
shift = (datetime.datetime(args.target, 1, 1) - datetime.datetime(args.source, 1, 1)).total_seconds()
matter_columns = [row[1] for row in connection.execute("PRAGMA table_info(matter)")]
event_columns = [row[1] for row in connection.execute("PRAGMA table_info(matter_event)")]
templates = connection.execute(f"SELECT {','.join(matter_columns)} FROM matter WHERE created_at >= ? AND created_at < ?", (start, end)).fetchall()
assert templates, f"no matters of {args.source} to copy"
events = {}
for row in connection.execute(f"SELECT {','.join(event_columns)} FROM matter_event"):
    events.setdefault(row[event_columns.index("matter_id")], []).append(row)
index = {name: i for i, name in enumerate(matter_columns)}
event_index = {name: i for i, name in enumerate(event_columns)}
source_prefix, target_prefix = f'"{args.source}-', f'"{args.target}-'


def moved(value):
    return value + shift if isinstance(value, float) else value


began = time.monotonic()
matters, copied_events = [], []
with connection:
    for number in range(args.count):
        template = templates[rng.randrange(len(templates))]
        row = list(template)
        new_id = str(uuid.UUID(int=rng.getrandbits(128))).upper()
        row[index["id"]] = new_id
        row[index["reference"]] = f"SYN-{args.target}-{number + 1:07d}"
        for column in ("created_at", "updated_at", "closed_at"):
            row[index[column]] = moved(row[index[column]])
        row[index["fields"]] = row[index["fields"]].replace(source_prefix, target_prefix)
        if row[index["next_due_date"]]:
            row[index["next_due_date"]] = row[index["next_due_date"]].replace(str(args.source), str(args.target), 1)
        row[index["batch_id"]] = None  # campaigns and plans stay the template year's
        matters.append(row)
        for event in events.get(template[index["id"]], []):
            copy = list(event)
            copy[event_index["id"]] = str(uuid.UUID(int=rng.getrandbits(128))).upper()
            copy[event_index["matter_id"]] = new_id
            copy[event_index["at"]] = moved(copy[event_index["at"]])
            copy[event_index["data"]] = copy[event_index["data"]].replace(source_prefix, target_prefix)
            copied_events.append(copy)
        if len(matters) >= 20_000:
            connection.executemany(f"INSERT INTO matter ({','.join(matter_columns)}) VALUES ({','.join('?' * len(matter_columns))})", matters)
            connection.executemany(f"INSERT INTO matter_event ({','.join(event_columns)}) VALUES ({','.join('?' * len(event_columns))})", copied_events)
            matters, copied_events = [], []
    if matters:
        connection.executemany(f"INSERT INTO matter ({','.join(matter_columns)}) VALUES ({','.join('?' * len(matter_columns))})", matters)
        connection.executemany(f"INSERT INTO matter_event ({','.join(event_columns)}) VALUES ({','.join('?' * len(event_columns))})", copied_events)
print(f"added {args.count} matters of {args.target} (copies of {len(templates)} of {args.source}) in {time.monotonic() - began:.1f} s")
