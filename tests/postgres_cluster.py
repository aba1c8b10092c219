"""The PostgreSQL tests' fixtures: a throw-away PostgreSQL 15 + PostGIS cluster per session
(benchmarks/throwaway_postgres.py), a database per module and a schema per test.

Without the server, the tests that need it are skipped, except in CI (`CI=true`), where they fail.
"""

from __future__ import annotations

import os

import pytest

from benchmarks.throwaway_postgres import Unavailable, throwaway_cluster


def _missing(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}: the PostgreSQL tests must run in CI "
                    "(apt-get install -y postgresql-15-postgis-3)", pytrace=False)
    pytest.skip(f"{reason} (apt-get install postgresql-15-postgis-3); PostgreSQL tests skipped outside CI")


@pytest.fixture(scope="session")
def postgres_cluster():
    """Start the cluster once per test session (or skip/fail without PostgreSQL), then stop it."""
    yield from own_cluster()


def own_cluster():
    """A cluster of its own (or skip/fail without PostgreSQL), stopped and removed after; for a
    fixture to yield from. A test that stops and starts its server uses one of its own."""
    try:
        with throwaway_cluster() as cluster:
            yield cluster
    except Unavailable as error:
        _missing(str(error))


@pytest.fixture(scope="module")
def postgres_database(postgres_cluster):
    """A fresh PostGIS database for one test module, dropped after it."""
    url = postgres_cluster.create_database()
    yield url
    postgres_cluster.drop_database(url)


@pytest.fixture
def postgres_url(postgres_cluster, postgres_database):
    """The URL of an empty PostGIS database of its own for one test.

    A schema of its own in the module's database, first on the search path (set in the URL,
    as a deployment could): creating one takes milliseconds, a database most of a second.
    """
    import psycopg

    schema = f"t{next(postgres_cluster.names)}"
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{postgres_database}&options=-csearch_path%3D{schema}%2Cpublic"
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute("SET lock_timeout = '10s'")
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
