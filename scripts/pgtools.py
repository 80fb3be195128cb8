"""PostgreSQL from the scripts, through libpq's command-line tools (psql), on the address the server itself takes."""
import subprocess


def libpq(url):
    """PostgresNIO's `tlsmode` is libpq's `sslmode`; psql, pg_dump and pg_restore refuse the former (the server's own
    conversion is `DatabaseLocation.libpqURL`)."""
    return url.replace("tlsmode=", "sslmode=")


def psql(url, query):
    """Runs `query` and returns its rows as text, columns separated by `|`; fails loudly on an error."""
    return subprocess.run(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", libpq(url), "-c", query],
                          capture_output=True, text=True, check=True).stdout.strip()
