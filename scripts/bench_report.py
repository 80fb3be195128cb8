#!/usr/bin/env python3
"""The annual report at volume (issue 11, item 4), for scripts/bench.py or on its own.

On a copy of the benchmark database, adds a synthetic year (scripts/synthetic_matters.py) and journal entries
(scripts/synthetic_journal.py), generates that year's report with `minzheng report annual` (which prints the time of
the report itself, not of opening the database), captures every SQL statement the report ran (the CLI logs them at
trace level) and runs exactly those statements, binds filled in, through the `sqlite3` command-line tool on the same
file. The ratio of the two times is the measure; so is how the time grows from a tenth of the data to all of it.

    python3 scripts/bench_report.py BINARY DATABASE.sqlite WORKDIR [--matters 250000] [--journal 2000000] [--scale 10]
"""
import argparse
import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TRACE = re.compile(r"binds=\[(.*?)\] database-id=\S+ sql=(.*) \[(?:SQLiteKit|MinzhengPersistence)\] Executing query$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$")


def literal(value):
    """A logged bind as an SQL literal: dates as the seconds SQLite stores, booleans as 0/1, whole numbers as numbers."""
    if DATE.match(value):
        return repr(datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S %z").timestamp())
    if value in ("true", "false"):
        return "1" if value == "true" else "0"
    if re.fullmatch(r"-?\d{1,15}", value):
        return value
    return "'" + value.replace("'", "''") + "'"


def statements(trace):
    """The SQL the report ran, each statement with its binds in place."""
    result = []
    for line in trace.splitlines():
        match = TRACE.search(line)
        if not match or "_fluent_migrations" in match.group(2):
            continue
        binds = json.loads("[" + match.group(1) + "]")
        sql = match.group(2)
        for number in range(len(binds), 0, -1):
            sql = sql.replace(f"?{number}", literal(str(binds[number - 1])))
        result.append(sql + ";")
    return result


def measure(binary, database_file, year, workdir):
    """(report seconds as the CLI measured them, seconds sqlite3 took for the same statements, statement count)."""
    environment = {**os.environ, "MINZHENG_LOG_LEVEL": "trace"}
    # Both sides are measured warm: the report once unmeasured (the file's pages in the operating system's cache, as
    # the sqlite3 side gets below), then the measured run.
    subprocess.run([binary, "report", "annual", "--year", str(year), "--format", "md", "--out", os.path.join(workdir, f"report-{year}.md"),
                    "--database", "sqlite://" + database_file], capture_output=True, text=True)
    run = subprocess.run([binary, "report", "annual", "--year", str(year), "--format", "md", "--out", os.path.join(workdir, f"report-{year}.md"),
                          "--database", "sqlite://" + database_file], capture_output=True, text=True, env=environment)
    assert run.returncode == 0, run.stderr[-2000:]
    seconds = float(re.search(r"统计用时 ([\d.]+) 秒", run.stdout).group(1))
    sql = statements(run.stdout + run.stderr)
    script = os.path.join(workdir, f"report-{year}.sql")
    open(script, "w", encoding="utf-8").write("\n".join(sql) + "\n")
    # Warm the page cache as the report's runs did, then time the same statements.
    subprocess.run(["sqlite3", database_file, f".read {script}"], capture_output=True)
    began = time.monotonic()
    replay = subprocess.run(["sqlite3", database_file, f".read {script}"], capture_output=True, text=True)
    cli_seconds = time.monotonic() - began
    assert replay.returncode == 0, replay.stderr[-2000:]
    return seconds, cli_seconds, len(sql)


def scaled(binary, base_file, workdir, matters, journal, year=2024):
    """Copies the database, adds `matters` of `year` and `journal` entries, measures."""
    target = os.path.join(workdir, f"report-{matters}.sqlite")
    source, copy = sqlite3.connect(base_file), sqlite3.connect(target)
    source.backup(copy)
    source.close(); copy.close()
    subprocess.run(["python3", os.path.join(HERE, "synthetic_matters.py"), target, str(matters), "--to", str(year)], check=True)
    if journal:
        subprocess.run(["python3", os.path.join(HERE, "synthetic_journal.py"), target, str(journal)], check=True)
    counts = sqlite3.connect(target).execute("SELECT (SELECT count(*) FROM matter), (SELECT count(*) FROM journal_entry)").fetchone()
    result = measure(binary, target, year, workdir)
    os.remove(target)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    return counts, result


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("database")
    p.add_argument("workdir")
    p.add_argument("--matters", type=int, default=250_000)
    p.add_argument("--journal", type=int, default=2_000_000)
    p.add_argument("--scale", type=int, default=10)
    a = p.parse_args()
    for divisor in (a.scale, 1):
        (matters, entries), (ours, cli, count) = scaled(a.binary, a.database, a.workdir, a.matters // divisor, a.journal // divisor)
        print(f"{matters:,} matters, {entries:,} journal entries: report {ours:.2f} s, sqlite3 {cli:.2f} s for its {count} statements, "
              f"ratio {ours / cli:.2f}", flush=True)
