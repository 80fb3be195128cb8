#!/usr/bin/env python3
"""The reliability suite's drivers (see scripts/reliability.sh)."""
import argparse, concurrent.futures, json, urllib.parse, os, random, re, shutil, signal, subprocess, sys, threading, time, urllib.error, urllib.request, uuid

from pgtools import libpq, psql

p = argparse.ArgumentParser()
p.add_argument("--binary", required=True)
p.add_argument("--database", required=True)
p.add_argument("--workdir", required=True)
p.add_argument("--token", required=True)
p.add_argument("parts", nargs="*")
args = p.parse_args()
db_file = args.database.removeprefix("sqlite://")
PORT = int(os.environ.get("MINZHENG_RELIABILITY_PORT", "8191"))
BASE = f"http://127.0.0.1:{PORT}"
failures = []


def issue_token(database, name, role):
    """An integration token for `role` in the bureau (659003), as an administrator issues it with the CLI."""
    out = subprocess.run([args.binary, "tokens", "issue", "--name", name, "--role", role, "--org", "659003", "--days", "1",
                          "--database", database], capture_output=True, text=True, check=True).stdout
    return re.search(r"mzt_[A-Za-z0-9_-]{43}", out).group(0)


class Server:
    def __init__(self, database, log):
        self.database, self.log, self.process = database, log, None

    def start(self):
        self.process = subprocess.Popen([args.binary, "serve", "--port", str(PORT), "--database", self.database],
                                        stdout=open(self.log, "a"), stderr=subprocess.STDOUT)
        for _ in range(200):
            try:
                urllib.request.urlopen(BASE + "/healthz", timeout=1).read()
                return
            except Exception:
                time.sleep(0.1)
        raise SystemExit("server did not start: " + open(self.log).read()[-2000:])

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.process.terminate()
        self.process.wait()


def submit(title, key, deadline):
    """Posts one study session with its idempotency key, retrying through crashes; returns the matter id."""
    body = json.dumps({"type": "studySession", "unit": "659003", "title": title,
                       "fields": {"kind": "局务会专题学法", "topic": "民法典", "materials": "民法典", "plannedOn": "2025-06-01"}}).encode()
    while time.monotonic() < deadline:
        request = urllib.request.Request(BASE + "/api/v1/matters", data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Authorization": f"Bearer {args.token}",
                                                  "Idempotency-Key": key})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                if response.status in (200, 201):
                    return json.loads(response.read())["id"]
        except urllib.error.HTTPError as error:
            if error.code < 500 and error.code != 429:
                failures.append(f"{title}: refused with {error.code}: {error.read()[:200]!r}")
                return None
        except Exception:
            pass
        time.sleep(0.2)
    failures.append(f"{title}: never acknowledged")
    return None


def sqlite(path, query):
    return subprocess.run(["sqlite3", path, query], capture_output=True, text=True, check=True).stdout.strip()


def verify_journal(database):
    result = subprocess.run([args.binary, "audit", "verify", "--database", database], capture_output=True, text=True)
    return result.returncode == 0, (result.stdout + result.stderr).strip().splitlines()[-1:] 


def crash():
    server = Server(args.database, os.path.join(args.workdir, "crash.log"))
    server.start()
    deadline = time.monotonic() + 600
    acknowledged = {}
    done = threading.Event()

    def killer():
        for _ in range(10):
            time.sleep(random.uniform(0.5, 2.0))
            if done.is_set():
                break
            server.kill()
            server.start()

    thread = threading.Thread(target=killer)
    thread.start()
    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        futures = {pool.submit(submit, f"可靠性测试 {i:04d}", str(uuid.uuid4()), deadline): i for i in range(1000)}
        for future in concurrent.futures.as_completed(futures):
            if (matter := future.result()):
                acknowledged[futures[future]] = matter
    done.set()
    thread.join()
    server.stop()
    rows = sqlite(db_file, "SELECT count(*), count(DISTINCT title) FROM matter WHERE title LIKE '可靠性测试 %'").split("|")
    integrity = sqlite(db_file, "PRAGMA integrity_check")
    journal_ok, journal_line = verify_journal(args.database)
    print(f"crash: {len(acknowledged)} acknowledged of 1000; rows {rows[0]}, distinct {rows[1]}; integrity {integrity}; journal {journal_line}")
    if len(acknowledged) != 1000: failures.append(f"crash: only {len(acknowledged)} of 1000 acknowledged")
    if rows != ["1000", "1000"]: failures.append(f"crash: {rows[0]} rows for {rows[1]} distinct submissions (want 1000/1000)")
    if integrity != "ok": failures.append(f"crash: integrity_check says {integrity}")
    if not journal_ok: failures.append(f"crash: the journal does not verify: {journal_line}")


def backup():
    server = Server(args.database, os.path.join(args.workdir, "backup.log"))
    server.start()
    acknowledged, stop = [], threading.Event()

    def load():
        i = 0
        while not stop.is_set():
            title = f"备份测试 {i:05d}"
            if submit(title, str(uuid.uuid4()), time.monotonic() + 60):
                acknowledged.append((time.monotonic(), title))
            i += 1

    workers = [threading.Thread(target=load) for _ in range(4)]
    for worker in workers: worker.start()
    time.sleep(3)
    began = time.monotonic()
    target = os.path.join(args.workdir, "backup.sqlite")
    result = subprocess.run([args.binary, "backup", "--out", target, "--database", args.database], capture_output=True, text=True)
    time.sleep(1)
    stop.set()
    for worker in workers: worker.join()
    server.stop()
    if result.returncode != 0:
        failures.append("backup: " + result.stderr.strip()); return
    restored = os.path.join(args.workdir, "restored.sqlite")
    shutil.copy(target, restored)
    before = [title for at, title in acknowledged if at < began]
    present = set(sqlite(restored, "SELECT title FROM matter WHERE title LIKE '备份测试 %'").splitlines())
    missing = [title for title in before if title not in present]
    journal_ok, journal_line = verify_journal("sqlite://" + restored)
    restored_server = Server("sqlite://" + restored, os.path.join(args.workdir, "restored.log"))
    restored_server.start()
    health = urllib.request.urlopen(BASE + "/healthz").status
    restored_server.stop()
    print(f"backup: {len(acknowledged)} acknowledged under load, {len(before)} before the backup began, {len(missing)} missing from it; "
          f"restored instance answers {health}; journal {journal_line}")
    if missing: failures.append(f"backup: {len(missing)} acknowledged submissions missing, e.g. {missing[:3]}")
    if not journal_ok: failures.append(f"backup: the restored journal does not verify: {journal_line}")


def instances():
    """Two `serve` processes on one PostgreSQL, sharing nothing but the database: a session made on one is valid on the
    other, concurrent submissions through both get unique, gapless reference numbers, and the journal stays one chain."""
    url = os.environ.get("MINZHENG_RELIABILITY_POSTGRES_URL")
    if not url:
        print("instances: skipped (set MINZHENG_RELIABILITY_POSTGRES_URL to an empty PostgreSQL database)")
        return
    log = os.path.join(args.workdir, "instances-demo.log")
    subprocess.run([args.binary, "demo", "--database", url], stdout=open(log, "w"), stderr=subprocess.STDOUT, check=True)
    password = __import__("re").search(r"统一密码：([^，]+)，", open(log, encoding="utf-8").read())
    token = issue_token(url, "instances", "reviewer")
    ports = [PORT + 2, PORT + 3]
    servers = []
    for port in ports:
        process = subprocess.Popen([args.binary, "serve", "--port", str(port), "--database", url],
                                   stdout=open(os.path.join(args.workdir, f"instance-{port}.log"), "a"), stderr=subprocess.STDOUT)
        servers.append(process)
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read(); break
            except Exception:
                time.sleep(0.2)
    try:
        # A session made on the first instance is valid on the second.
        import http.cookiejar
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(f"http://127.0.0.1:{ports[0]}/login").read()
        csrf = next(c.value for c in jar if c.name.endswith("minzheng-csrf"))
        opener.open(f"http://127.0.0.1:{ports[0]}/login",
                    urllib.parse.urlencode({"identifier": "reviewer", "password": password.group(1), "_csrf": csrf}).encode()).read()
        page = opener.open(f"http://127.0.0.1:{ports[1]}/work").read().decode()
        shared = "李审核" in page
        print(f"instances: a session made on :{ports[0]} is {'valid' if shared else 'NOT valid'} on :{ports[1]}")
        if not shared: failures.append("instances: the session is not shared")
        # Concurrent submissions through both.
        previous_token, args.token = args.token, token
        results = []
        def submit_to(i):
            body = json.dumps({"type": "studySession", "unit": "659003", "title": f"多实例 {i:04d}",
                               "fields": {"kind": "局务会专题学法", "topic": "民法典", "materials": "民法典", "plannedOn": "2025-06-01"}}).encode()
            request = urllib.request.Request(f"http://127.0.0.1:{ports[i % 2]}/api/v1/matters", data=body, method="POST",
                                             headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}",
                                                      "Idempotency-Key": f"instances-{i:06d}"})
            for _ in range(20):
                try:
                    with urllib.request.urlopen(request, timeout=20) as response:
                        return json.loads(response.read())["reference"]
                except Exception:
                    time.sleep(0.2)
            return None
        with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
            references = [r for r in pool.map(submit_to, range(400))]
        args.token = previous_token
        numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references if r)
        unique = len(numbers) == len(set(numbers)) == 400
        gapless = unique and numbers == list(range(numbers[0], numbers[0] + 400))
        print(f"instances: {len([r for r in references if r])} of 400 acknowledged, reference numbers unique: {unique}, gapless: {gapless}"
              f" ({numbers[0] if numbers else '-'}…{numbers[-1] if numbers else '-'})")
        if not unique: failures.append("instances: reference numbers are not unique")
        if not gapless: failures.append("instances: reference numbers have gaps")
        jobs_exactly_once(url)
        backup_postgres(url, ports, token)
        ok, line = verify_journal(url)
        print(f"instances: journal {line}")
        if not ok: failures.append(f"instances: the journal does not verify: {line}")
    finally:
        for process in servers:
            process.terminate(); process.wait()


def jobs_exactly_once(url):
    """Ten copies of each reminder (due soon, due, overdue) for every running clock are made due at once; the two
    servers' own workers (each a separate process, sharing nothing but the database) take them. Every job must end
    done after exactly one claim (a claim counts an attempt), both workers must have taken some, and every distinct
    reminder must have reached its handler exactly ten times — once per copy."""
    # The demo's own reminders that are already due go first, so that what follows is only the injected jobs' work.
    for _ in range(180):
        if int(psql(url, "SELECT count(*) FROM job WHERE status IN ('queued', 'running') AND run_at <= now()")) == 0: break
        time.sleep(1)
    started = psql(url, "SELECT now()")
    psql(url, """INSERT INTO job (id, kind, payload, dedupe_key, run_at, status, attempts, created_at)
                 SELECT gen_random_uuid(), 'deadline.remind',
                        json_build_object('matter', c.matter_id::text, 'clock', c.id::text, 'level', l.level)::text,
                        'instances:' || c.id || ':' || l.level || ':' || copy, now() - interval '1 minute', 'queued', 0, now()
                 FROM matter_clock c CROSS JOIN (VALUES ('dueSoon'), ('due'), ('overdue')) AS l(level)
                 CROSS JOIN generate_series(1, 10) AS copy
                 WHERE c.stopped_on IS NULL""")
    total = int(psql(url, "SELECT count(*) FROM job WHERE dedupe_key LIKE 'instances:%'"))
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        left = int(psql(url, "SELECT count(*) FROM job WHERE dedupe_key LIKE 'instances:%' AND status <> 'done'"))
        if left == 0: break
        time.sleep(1)
    rows = psql(url, """SELECT count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE attempts <> 1),
                               count(DISTINCT locked_by) FROM job WHERE dedupe_key LIKE 'instances:%'""").split("|")
    done, reclaimed, workers = int(rows[0]), int(rows[1]), int(rows[2])
    twice = int(psql(url, f"""SELECT count(*) FROM (SELECT account_id, title, body FROM notification
                                WHERE title LIKE '期限提醒：%' AND created_at >= '{started}'
                                GROUP BY account_id, title, body HAVING count(*) <> 10) AS d"""))
    sent = int(psql(url, f"SELECT count(*) FROM notification WHERE title LIKE '期限提醒：%' AND created_at >= '{started}'"))
    print(f"instances: {total} reminder jobs due at once; {done} done, {reclaimed} claimed more than once, taken by {workers} workers; "
          f"{sent} reminders sent, {twice} distinct reminders not sent exactly once per copy")
    if total == 0: failures.append("instances: no running clocks to remind about")
    if done != total: failures.append(f"instances: {total - done} jobs not done")
    if reclaimed: failures.append(f"instances: {reclaimed} jobs claimed more than once")
    if workers < 2: failures.append("instances: only one worker took jobs")
    if twice: failures.append(f"instances: {twice} reminders not sent exactly once per job")


def backup_postgres(url, ports, token):
    """`minzheng backup` (pg_dump) taken while both instances take submissions; restored with pg_restore into a fresh
    database, it holds every submission acknowledged before the backup began and its journal verifies."""
    acknowledged, stop = [], threading.Event()

    def load(worker):
        i = 0
        while not stop.is_set():
            title = f"PG备份测试 {worker}-{i:05d}"
            body = json.dumps({"type": "studySession", "unit": "659003", "title": title,
                               "fields": {"kind": "局务会专题学法", "topic": "民法典", "materials": "民法典", "plannedOn": "2025-06-01"}}).encode()
            request = urllib.request.Request(f"http://127.0.0.1:{ports[worker % 2]}/api/v1/matters", data=body, method="POST",
                                             headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}",
                                                      "Idempotency-Key": str(uuid.uuid4())})
            try:
                with urllib.request.urlopen(request, timeout=20) as response:
                    if response.status in (200, 201): acknowledged.append((time.monotonic(), title))
            except Exception:
                pass
            i += 1

    workers = [threading.Thread(target=load, args=(n,)) for n in range(4)]
    for worker in workers: worker.start()
    time.sleep(3)
    began = time.monotonic()
    target = os.path.join(args.workdir, "backup.pgdump")
    result = subprocess.run([args.binary, "backup", "--out", target, "--database", url], capture_output=True, text=True)
    time.sleep(1)
    stop.set()
    for worker in workers: worker.join()
    if result.returncode != 0:
        failures.append("backup (PostgreSQL): " + (result.stdout + result.stderr).strip()[-500:]); return
    fresh = f"minzheng_restore_{os.getpid()}"
    parts = urllib.parse.urlsplit(libpq(url))
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    restored = urllib.parse.urlunsplit(parts._replace(path="/" + fresh))
    psql(admin, f"DROP DATABASE IF EXISTS {fresh}")
    psql(admin, f"CREATE DATABASE {fresh}")
    restore = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", restored, target], capture_output=True, text=True)
    if restore.returncode != 0:
        failures.append("backup (PostgreSQL): pg_restore failed: " + restore.stderr[-500:]); return
    restored_url = restored.replace("sslmode=", "tlsmode=")
    before = [title for at, title in acknowledged if at < began]
    present = set(psql(restored, "SELECT title FROM matter WHERE title LIKE 'PG备份测试 %'").splitlines())
    missing = [title for title in before if title not in present]
    journal_ok, journal_line = verify_journal(restored_url)
    print(f"instances: backup (pg_dump) under load: {len(acknowledged)} acknowledged, {len(before)} before the backup began, "
          f"{len(missing)} missing from the restored database; journal {journal_line}")
    if missing: failures.append(f"backup (PostgreSQL): {len(missing)} acknowledged submissions missing, e.g. {missing[:3]}")
    if not journal_ok: failures.append(f"backup (PostgreSQL): the restored journal does not verify: {journal_line}")
    psql(admin, f"DROP DATABASE IF EXISTS {fresh}")


def hostile():
    """sqlmap over every query parameter of the public lists, the API's list filters (with the integration token) and
    the login form (taking a fresh CSRF token for each try); schemathesis over the OpenAPI document."""
    server = Server(args.database, os.path.join(args.workdir, "hostile.log"))
    server.start()
    sqlmap = ["sqlmap", "--batch", "--level", "3", "--risk", "1", "--threads", "4", "--disable-coloring",
              "--output-dir", os.path.join(args.workdir, "sqlmap")]
    token = ["--headers", f"Authorization: Bearer {args.token}"]
    targets = [
        ("/powers?type=licensing&q=1", []), ("/organizations?q=1&kind=socialGroup", []), ("/rules?q=1", []),
        ("/notices?page=1", []), ("/enforcement/decisions?q=1&kind=1", []), ("/appointments?service=marriage", []),
        ("/organizations/inspections/2025?page=1", []),
        ("/api/v1/matters?type=studySession&unit=659003&urgency=overdue&open=yes&q=1&page=1", token),
        ("/api/v1/power-items?type=licensing&q=1", token), ("/api/v1/organizations?q=1&kind=socialGroup", token),
    ]
    for path, extra in targets:
        result = subprocess.run(sqlmap + ["-u", BASE + path] + extra, capture_output=True, text=True)
        verdict = "INJECTABLE" if "is vulnerable" in result.stdout or "appears to be injectable" in result.stdout else "nothing injectable"
        tested = len(set(re.findall(r"testing if (?:GET|POST|Header|Cookie)? ?parameter '([^']+)'", result.stdout)))
        print(f"sqlmap {path.split('?')[0]}: {verdict} ({tested} parameters tested)", flush=True)
        if verdict == "INJECTABLE": failures.append(f"sqlmap: {path} is injectable")
    # The login form: its CSRF token is fetched before each request (sqlmap's --csrf-token).
    result = subprocess.run(sqlmap + ["-u", BASE + "/login", "--data", "identifier=admin&password=x&_csrf=t", "--csrf-token", "_csrf",
                                      "--csrf-url", BASE + "/login", "--skip", "_csrf"], capture_output=True, text=True)
    verdict = "INJECTABLE" if "is vulnerable" in result.stdout or "appears to be injectable" in result.stdout else "nothing injectable"
    print(f"sqlmap POST /login: {verdict}", flush=True)
    if verdict == "INJECTABLE": failures.append("sqlmap: the login form is injectable")
    # schemathesis: first with what the document alone tells it (random identifiers reach the 401, 403 and 404 answers),
    # then with real values, so that its cases get past "no such matter" to the permission table and the checks: a
    # matter open in the reviewer's units with an act the reviewer may take, the bureau's unit code, the demo's report
    # year — with the reviewer's token (registration, acts) and with a leader's (the annual report, which a reviewer
    # may not read).
    def api(path):
        return json.load(urllib.request.urlopen(urllib.request.Request(BASE + path, headers={"Authorization": f"Bearer {args.token}"})))
    matter = next(item["id"] for item in api("/api/v1/matters?open=yes&unit=659003&size=100")["items"]
                  if any(act["allowed"] for act in api(f"/api/v1/matters/{item['id']}/acts")["items"]))
    config = os.path.join(args.workdir, "schemathesis.toml")
    open(config, "w").write(
        '[[operations]]\ninclude-path-regex = "^/api/v1/matters/\\\\{id\\\\}"\n'
        f'parameters = {{ "path.id" = "{matter}" }}\n\n'
        '[[operations]]\ninclude-path = "/api/v1/reports/{year}"\nparameters = { "path.year" = 2025 }\n\n'
        '[[operations]]\ninclude-path = "/api/v1/matters"\ninclude-method = "POST"\nparameters = { "body.unit" = "659003" }\n')
    leader = issue_token(args.database, "hostile-leader", "leader")
    for name, secret, settings in [("reviewer", args.token, None), ("reviewer, real values", args.token, config),
                                   ("leader, real values", leader, config)]:
        result = subprocess.run(["schemathesis"] + (["--config-file", settings] if settings else []) + [
                                 "run", BASE + "/api/openapi.json",
                                 "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
                                 "-H", f"Authorization: Bearer {secret}", "--max-examples", "30"], capture_output=True, text=True)
        out = result.stdout + result.stderr
        cases = re.search(r"(\d+) generated, (\d+) passed", out)
        print(f"schemathesis ({name}): " + (f"{cases.group(1)} cases, {cases.group(2)} passed" if cases else "no summary")
              + "; " + (out.strip().splitlines()[-1] if out.strip() else ""), flush=True)
        log = os.path.join(args.workdir, f"schemathesis-{name.replace(', ', '-').replace(' ', '-')}.txt")
        open(log, "w").write(out)
        if result.returncode != 0: failures.append(f"schemathesis ({name}) found failures (see {log})")
    server.stop()


for part in args.parts:
    {"crash": crash, "backup": backup, "hostile": hostile, "instances": instances}[part]()
if failures:
    print("\nReliability suite FAILED:")
    for failure in failures[:30]: print("  - " + failure)
    sys.exit(1)
print("\nReliability suite passed.")
