#!/usr/bin/env python3
"""Extends a Minzheng SQLite database's audit journal with synthetic, correctly chained entries.

Used by scripts/bench.sh to measure `audit verify` (and the annual report) on a journal of realistic size. The entries
follow the shapes of real ones (a staff act on a matter with details, a login, an export) and are hashed exactly as
`JournalEntry.canonicalText` in MinzhengCore defines, so `minzheng audit verify` accepts the result; the triggers that
make the journal append-only stay in force (nothing is updated or deleted except the chain head).

    python3 scripts/synthetic_journal.py DATABASE.sqlite COUNT
"""
import hashlib
import json
import random
import sqlite3
import sys
import time
import uuid


def escape(value):
    if value is None:
        return "\u2205"
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def canonical(entry, details):
    detail_text = "&".join(f"{escape(key)}={escape(details[key])}" for key in sorted(details))
    fields = [
        ("prev", entry["previous_hash"]), ("seq", str(entry["seq"])), ("at", str(entry["at_ms"])),
        ("actor.kind", entry["actor_kind"]), ("actor.account", entry["actor_account_id"]),
        ("actor.name", entry["actor_name"]), ("actor.role", entry["actor_role"]), ("actor.org", entry["actor_org"]),
        ("action", entry["action"]), ("object.type", entry["object_type"]), ("object.id", entry["object_id"]),
        ("summary", entry["summary"]), ("outcome", entry["outcome"]), ("details", detail_text),
        ("client", entry["client_address"]), ("request", entry["request_id"]),
    ]
    return "\n".join(f"{key}:{escape(value)}" for key, value in fields)


COLUMNS = ["seq", "at_ms", "actor_kind", "actor_account_id", "actor_name", "actor_role", "actor_org", "action",
           "object_type", "object_id", "summary", "outcome", "details", "client_address", "request_id",
           "previous_hash", "hash"]


def main():
    path, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(20251231)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    seq, previous = connection.execute("SELECT seq, hash FROM journal_head WHERE id = 1").fetchone()
    staff = [(str(uuid.UUID(int=rng.getrandbits(128))), name, role, org) for name, role, org in [
        ("clerk", "windowClerk", "659003-101-01"), ("reviewer", "reviewer", "659003"),
        ("approver", "approver", "659003"), ("registrar", "registrar", "659003-HY")]]
    actions = [("matter.transition", "matter", "办件 MZ-{n} 受理", {"from": "submitted", "to": "accepted"}),
               ("matter.transition", "matter", "办件 MZ-{n} 审批通过\n附言：材料齐全", {"from": "review", "to": "approved", "note": "a\\b"}),
               ("auth.login", "account", "登录成功", {}),
               ("export.list", "list", "导出「办件」{n} 行（CSV）", {"rows": "{n}", "format": "csv"})]
    at_ms = int(time.time() * 1000) - count * 1000
    started = time.monotonic()
    batch = []
    with connection:
        for index in range(count):
            seq += 1
            at_ms += rng.randint(1, 2000)
            account, name, role, org = staff[rng.randrange(len(staff))]
            action, object_type, summary, details = actions[rng.randrange(len(actions))]
            n = str(rng.randint(1, 999_999))
            details = {key: value.replace("{n}", n) for key, value in details.items()}
            entry = {
                "seq": seq, "at_ms": at_ms, "actor_kind": "user", "actor_account_id": account, "actor_name": name,
                "actor_role": role, "actor_org": org, "action": action, "object_type": object_type,
                "object_id": str(uuid.UUID(int=rng.getrandbits(128))), "summary": summary.replace("{n}", n),
                "outcome": "success", "details": json.dumps(details, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
                "client_address": "127.0.0.1", "request_id": str(uuid.UUID(int=rng.getrandbits(128))).upper(),
                "previous_hash": previous,
            }
            entry["hash"] = hashlib.sha256(canonical(entry, details).encode("utf-8")).hexdigest()
            previous = entry["hash"]
            batch.append(tuple(entry[column] for column in COLUMNS))
            if len(batch) == 10_000:
                connection.executemany(f"INSERT INTO journal_entry ({','.join(COLUMNS)}) VALUES ({','.join('?' * len(COLUMNS))})", batch)
                batch = []
        if batch:
            connection.executemany(f"INSERT INTO journal_entry ({','.join(COLUMNS)}) VALUES ({','.join('?' * len(COLUMNS))})", batch)
        connection.execute("UPDATE journal_head SET seq = ?, hash = ? WHERE id = 1", (seq, previous))
    print(f"appended {count} journal entries (head {seq}) in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
