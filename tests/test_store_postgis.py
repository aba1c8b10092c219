"""The PostGIS backend's own machinery: schema versions, PostGIS geometry, settings, and
writers in several processes at once. (What every backend does is in test_store_contract.)"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import psycopg
import pytest
from click.testing import CliRunner

from bordermap.errors import Conflict, StoreError, StoreUnavailable
from bordermap.store import open_store, postgis_schema, redacted
from bordermap.store.postgis import PostGISStore
from bordermap_app.cli import main
from test_store_contract import curated, point, user_layer


def _sql(url: str, statement: str, params=()):
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def test_a_new_database_is_migrated_once_and_a_newer_one_is_refused(postgres_url):
    first = PostGISStore(postgres_url)
    first.close()
    assert first.schema_upgrade == (0, postgis_schema.VERSION)
    again = PostGISStore(postgres_url)
    again.close()
    assert again.schema_upgrade == (postgis_schema.VERSION, postgis_schema.VERSION)
    _sql(postgres_url, "UPDATE schema_version SET version = version + 1")
    with pytest.raises(StoreError, match="newer than this bordermap knows"):
        PostGISStore(postgres_url)


def test_a_database_without_postgis_is_refused_with_a_clear_message(postgres_url):
    bare = postgres_url.replace("%2Cpublic", "")  # PostGIS lives in public: off the search path
    with pytest.raises(StoreError, match="lacks PostGIS"):
        PostGISStore(bare)


def test_geometry_is_postgis_geometry_in_4326_with_a_spatial_index(postgres_url):
    store = open_store("", curated(), database_url=postgres_url)
    try:
        polygon = {"type": "Polygon", "coordinates": [[[105, 11], [106, 11], [106, 12], [105, 11]]]}
        store.add_features("mine", [point("a", 105.25, 11.75),
                                    {"type": "Feature", "id": "z", "properties": {}, "geometry": polygon}],
                           author="ana", summary="two", new_layer=user_layer())
        # GeoJSON comes back exactly as given, integers included.
        assert store.feature("z")["geometry"] == polygon
        rows = _sql(postgres_url, "SELECT id, ST_AsText(geom), ST_SRID(geom) FROM features ORDER BY id")
        assert rows == [("a", "POINT(105.25 11.75)", 4326), ("town", "POINT(105.5 11.5)", 4326),
                        ("z", "POLYGON((105 11,106 11,106 12,105 11))", 4326)]
        window = _sql(postgres_url, "SELECT id FROM features WHERE geom && ST_MakeEnvelope(105.2, 11.7, 105.3, 11.8,"
                                    " 4326) ORDER BY id")
        assert window == [("a",), ("z",)]
        indexes = _sql(postgres_url, "SELECT indexdef FROM pg_indexes WHERE tablename = 'features'")
        assert any("USING gist (geom)" in row[0] for row in indexes)
    finally:
        store.close()


def test_settings_reach_every_connection_and_passwords_stay_out_of_messages(postgres_url):
    store = PostGISStore(postgres_url, pool_size=2, statement_timeout_ms=1234)
    try:
        with store._read() as db:
            assert db.execute("SHOW statement_timeout").fetchone()["statement_timeout"] == "1234ms"
    finally:
        store.close()
    assert redacted("postgresql://app:s3cret@db.example:5432/bm") == "postgresql://app:***@db.example:5432/bm"
    with pytest.raises(StoreUnavailable) as caught:
        PostGISStore("postgresql://app:s3cret@/nowhere?host=/nonexistent-socket-dir")
    assert "s3cret" not in caught.value.message and "cannot reach the database" in caught.value.message
    assert caught.value.status == 503


WRITER = textwrap.dedent("""
    import sys
    from bordermap.store.postgis import PostGISStore
    url, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = PostGISStore(url, pool_size=2)
    try:
        for i in range(count):
            feature = {"type": "Feature", "id": None, "properties": {"n": f"{worker}-{i}"},
                       "geometry": {"type": "Point", "coordinates": [105.0 + worker / 10, 11.0 + i / 100]}}
            store.add_features("shared", [feature], author=f"w{worker}", summary=f"{worker}-{i}",
                               file_sha256=f"{worker}-{i}")
    finally:
        store.close()
""")


def test_writers_in_several_processes_lose_nothing_and_number_revisions_in_order(postgres_url):
    store = open_store("", curated(), database_url=postgres_url)
    try:
        store.add_features("shared", [], author="ana", summary="create", new_layer=user_layer("shared"))
        workers, count = 4, 15
        processes = [subprocess.Popen([sys.executable, "-c", WRITER, postgres_url, str(w), str(count)])
                     for w in range(workers)]
        assert [p.wait(timeout=300) for p in processes] == [0] * workers
        history = store.history()
        assert [r.id for r in history] == list(range(workers * count + 1, 0, -1))  # unique, gapless, ordered
        features = store.features("shared")
        assert sorted(f["properties"]["n"] for f in features) == sorted(
            f"{w}-{i}" for w in range(workers) for i in range(count))
        assert len({f["id"] for f in features}) == workers * count  # `shared-<n>` ids never handed out twice
        # Each worker's imports are stored in the order it made them.
        for w in range(workers):
            mine = [r.summary for r in reversed(history) if r.author == f"w{w}"]
            assert mine == [f"{w}-{i}" for i in range(count)]
    finally:
        store.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgis"])
def test_db_upgrade_reports_the_schema_version(request, tmp_path, monkeypatch, backend):
    monkeypatch.setenv("BORDERMAP_INSTANCE_PATH", str(tmp_path / "instance"))
    if backend == "postgis":
        monkeypatch.setenv("BORDERMAP_DATABASE_URL", request.getfixturevalue("postgres_url"))
    else:
        monkeypatch.delenv("BORDERMAP_DATABASE_URL", raising=False)
    runner = CliRunner()
    first = runner.invoke(main, ["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert "schema upgraded from version 0 to" in first.output
    second = runner.invoke(main, ["db", "upgrade"])
    assert second.exit_code == 0 and "up to date" in second.output


def test_a_pg_dump_backup_restores_into_a_new_database(postgres_cluster, postgres_url):
    from test_db_copy import _view

    store = open_store("", curated(), database_url=postgres_url)
    restored = None
    database, schema = postgres_url.split("&options=")[0], postgres_url.rsplit("%3D", 1)[1].split("%2C")[0]
    copy_url = postgres_cluster.create_database()
    try:
        store.add_features("mine", [point("a"), point(None)], author="ana", summary="two", new_layer=user_layer(),
                           links=["c1"], file_sha256="d" * 64)
        store.revert(store.delete_features(["a"], author="bo").id, author="ana")
        dump = postgres_cluster.folder / "backup.dump"  # the server's user writes it
        made = postgres_cluster.run("pg_dump", "--format=custom", f"--schema={schema}", f"--file={dump}",
                                    f"--dbname={database}")
        assert made.returncode == 0, made.stderr
        back = postgres_cluster.run("pg_restore", f"--dbname={copy_url}", str(dump))
        assert back.returncode == 0, back.stderr
        restored = PostGISStore(f"{copy_url}&options=-csearch_path%3D{schema}%2Cpublic")
        assert restored.schema_upgrade == (postgis_schema.VERSION, postgis_schema.VERSION)
        assert _view(restored) == _view(store)
        assert restored.add_features("mine", [point(None)], author="cy", summary="after").id == 4
    finally:
        store.close()
        if restored is not None:
            restored.close()
        postgres_cluster.drop_database(copy_url)


def test_lost_connections_are_replaced_and_a_database_that_refuses_them_answers_503(postgres_url):
    store = PostGISStore(postgres_url, pool_size=2, wait_s=5)
    database = postgres_url.split("?")[0].rsplit("/", 1)[1]
    admin = postgres_url.replace(f"/{database}?", "/postgres?").split("&options=")[0]
    try:
        assert store.layers() == []
        # As after a database restart: every connection the pool holds is gone.
        _sql(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s"
                    " AND pid <> pg_backend_pid()", (database,))
        assert store.layers() == []  # a new connection, no error
        _sql(admin, f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
        _sql(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s"
                    " AND pid <> pg_backend_pid()", (database,))
        with pytest.raises(StoreUnavailable) as caught:
            store.layers()
        assert caught.value.status == 503 and "is unavailable" in caught.value.message
        _sql(admin, f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
        # The pool retries with a growing delay after failures: it comes back within seconds.
        deadline = time.monotonic() + 60
        while True:
            try:
                assert store.layers() == []  # recovered on its own
                break
            except StoreUnavailable:
                if time.monotonic() > deadline:
                    raise
    finally:
        _sql(admin, f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
        store.close()


def test_a_change_queued_past_the_statement_timeout_answers_503_and_reads_do_not_wait(postgres_url):
    store = open_store("", curated(), database_url=postgres_url, statement_timeout_ms=300)
    try:
        with psycopg.connect(postgres_url) as other_server:  # in the middle of a long change
            other_server.execute("SELECT 1 FROM meta WHERE key = 'writer' FOR UPDATE")
            with pytest.raises(StoreUnavailable) as caught:
                store.add_features("mine", [point("a")], author="ana", summary="one", new_layer=user_layer())
            assert caught.value.status == 503
            assert [layer.id for layer in store.layers()] == ["cur"]  # reads go on meanwhile
        assert store.add_features("mine", [point("a")], author="ana", summary="one",
                                  new_layer=user_layer()).id == 1  # the refused one left nothing behind
    finally:
        store.close()


def test_the_documented_backup_and_restore_of_a_whole_database(postgres_cluster):
    """docs/deployment.md's commands, as written: pg_dump of the whole database while a server
    holds it open, then createdb and pg_restore into a new one, which is then used as before."""
    from test_db_copy import _view

    url = postgres_cluster.create_database()
    name = url.split("@/", 1)[1].split("?", 1)[0]
    restored_name, restored = f"{name}_restored", None
    socket = ("-h", str(postgres_cluster.folder), "-U", "postgres")
    store = open_store("", curated(), database_url=url)
    try:
        store.add_features("mine", [point("a"), point(None, 105.9, 11.9)], author="ana", summary="two",
                           new_layer=user_layer(), links=["c1"], file_sha256="e" * 64)
        store.revert(store.delete_features(["a"], author="bo").id, author="ana")
        dump = postgres_cluster.folder / "bordermap.dump"
        made = postgres_cluster.run("pg_dump", *socket, "--format=custom", f"--file={dump}", name)
        assert made.returncode == 0, made.stderr
        created = postgres_cluster.run("createdb", *socket, restored_name)
        assert created.returncode == 0, created.stderr
        back = postgres_cluster.run("pg_restore", *socket, f"--dbname={restored_name}", str(dump))
        assert back.returncode == 0, back.stderr  # the dump creates PostGIS in the new database itself
        restored = open_store("", None, database_url=url.replace(f"/{name}?", f"/{restored_name}?"))
        assert restored.schema_upgrade == (postgis_schema.VERSION, postgis_schema.VERSION)
        assert _view(restored) == _view(store)
        assert restored.features_in_bbox("mine", (105.8, 11.8, 106.0, 12.0))[0] == 1  # the spatial index too
        assert restored.add_features("mine", [point(None)], author="cy", summary="after").id == 4
    finally:
        store.close()
        if restored is not None:
            restored.close()
        postgres_cluster.drop_database(url)
        postgres_cluster.sql(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')


@pytest.mark.parametrize("given", [
    "postgressql://bordermap:r13secretpw@127.0.0.1:5/bordermap",  # a mistyped scheme
    "host=127.0.0.1 port=5 user=bordermap password=r13secretpw dbname=bordermap",  # keyword/value
    "host=127.0.0.1 port=5 user=bordermap password='r13 secretpw' dbname=bordermap",
    "mysql://bordermap:r13secretpw@h/db",
    "postgresql://bordermap:r13secretpw@127.0.0.1:notaport/bordermap",
    # Review 20, F14: a password written unescaped, as a person would; most of it was printed.
    "postgresql://bordermap:p@ss:w/r13secretpw#1@127.0.0.1:5/bordermap",
    "postgresql://bordermap:r13:secretpw@127.0.0.1:5/bordermap",  # a colon in it: the user is up to the first
])
def test_the_password_never_shows_whatever_the_database_address_looks_like(given, tmp_path):
    """Review 13, F6: a URL of another scheme, a mistyped one or a keyword/value string printed
    the password, in the error and on every command's first line."""
    assert "secretpw" not in redacted(given)
    runner = CliRunner()
    result = runner.invoke(main, ["db", "upgrade"], env={"BORDERMAP_DATABASE_URL": given,
                                                         "BORDERMAP_INSTANCE_PATH": str(tmp_path / "i")})
    assert result.exit_code != 0 and "secretpw" not in result.output, result.output
    assert "Traceback" not in result.output
    if given.startswith(("mysql", "postgressql")):
        assert "must be a postgresql:// URL" in result.output, result.output
    if "r13:secretpw" in given:  # nothing of the password shown as part of the user
        assert redacted(given) == "postgresql://bordermap:***@127.0.0.1:5/bordermap"
    if "p@ss" in given:  # said what to do, and no other text mangled by the redaction
        assert "percent-encode" in result.output and "s***" not in result.output, result.output
        assert redacted(given) == "postgresql://bordermap:***@127.0.0.1:5/bordermap"


def test_an_imports_features_are_recorded_a_chunk_per_row_and_a_schema_5_database_reads_the_same(postgres_url):
    """Schema 6 lists an import's features' ids a chunk per `changes` row; a database upgraded from
    schema 5 keeps its row per feature, and its revisions page, block a revert and revert alike."""
    store = open_store("", curated(), database_url=postgres_url)
    try:
        n = 2_300
        imported = store.add_features("mine", [point(f"p{i}") for i in range(n)], author="ana", summary="many",
                                      new_layer=user_layer())
        kinds = _sql(postgres_url, "SELECT entity, count(*) FROM changes WHERE revision_id = %s GROUP BY entity"
                                   " ORDER BY entity", (imported.id,))
        assert kinds == [("layer", 1), ("written", 3)]  # 1,000 + 1,000 + 300 ids, not 2,300 rows
        seen = [[c.id for c in store.revision(imported.id, offset=o, limit=7).changes] for o in (0, 998, 2297)]
    finally:
        store.close()

    # The same revision as schema 5 wrote it, and the database put back at schema 5 with its check.
    _sql(postgres_url, "DELETE FROM changes WHERE entity = 'written'")
    _sql(postgres_url, "INSERT INTO changes (revision_id, seq, entity, entity_id, written)"
                       " SELECT %s, seq + 1, 'feature', id, true FROM features WHERE layer_id = 'mine'", (imported.id,))
    _sql(postgres_url, "ALTER TABLE changes DROP CONSTRAINT changes_entity_check")
    _sql(postgres_url, "ALTER TABLE changes ADD CONSTRAINT changes_entity_check"
                       " CHECK (entity IN ('layer', 'feature', 'link', 'document', 'commitment', 'event'))")
    _sql(postgres_url, "UPDATE schema_version SET version = 5")
    old = open_store("", curated(), database_url=postgres_url)
    try:
        assert old.schema_upgrade == (5, postgis_schema.VERSION)
        again = old.revision(imported.id)
        assert again.total == 1 + n and again.revision.first_feature_id == "p0"
        assert [[c.id for c in old.revision(imported.id, offset=o, limit=7).changes] for o in (0, 998, 2297)] == seen
        old.delete_features(["p1500"], author="ana")
        with pytest.raises(Conflict):  # the old rows still say which later revision touched p1500
            old.revert(imported.id, author="ana")
        # A new import into the upgraded database is recorded in chunks beside the old rows.
        more = old.add_features("more", [point(f"q{i}") for i in range(1_200)], author="ana", summary="more",
                                new_layer=user_layer("more"))
        assert old.revision(more.id, offset=1_199, limit=5).changes[-1].id == "q1199"
        old.revert(old.history()[1].id, author="ana")  # the deletion of p1500
        old.revert(imported.id, author="ana")
        assert "mine" not in [layer.id for layer in old.layers()]
    finally:
        old.close()


def test_a_connection_notices_a_peer_that_went_away(postgres_url):
    """Review rv21e, F1: a network cut left requests waiting as long as it lasted. Each connection
    keeps TCP alive and bounds unacknowledged data, so a dead link ends in about 20 s and the
    request gets the 503 of a lost connection; a value the database URL sets is kept."""
    from bordermap.store.postgis import PostGISStore

    store = PostGISStore(postgres_url + ("&" if "?" in postgres_url else "?") + "keepalives_idle=7")
    try:
        with store._connection() as conn:
            params = {o.keyword.decode(): (o.val or b"").decode() for o in conn.pgconn.info}
        assert params["keepalives"] == "1" and params["tcp_user_timeout"] == "20000", params
        assert params["keepalives_idle"] == "7" and params["connect_timeout"] == "10"
    finally:
        store.close()


def test_a_role_that_may_not_create_tables_is_told_what_to_do(postgres_url):
    """Review rv21e, F8: a database the app's role does not own failed with PostgreSQL's raw
    "permission denied for schema … LINE 1: CREATE TABLE …"."""
    schema = postgres_url.split("search_path%3D", 1)[1].split("%2C", 1)[0]
    role = f"limited_{schema}"
    _sql(postgres_url, f"CREATE ROLE {role} LOGIN")
    _sql(postgres_url, f"GRANT USAGE ON SCHEMA {schema} TO {role}")
    try:
        with pytest.raises(StoreError) as refused:
            PostGISStore(postgres_url.replace("postgresql://postgres@", f"postgresql://{role}@"))
        said = refused.value.message
        assert "does not let this role create tables" in said and "createdb --owner=ROLE" in said, said
    finally:
        _sql(postgres_url, f"DROP OWNED BY {role}")
        _sql(postgres_url, f"DROP ROLE {role}")
