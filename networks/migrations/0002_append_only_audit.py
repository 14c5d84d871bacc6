"""The audit trails are append-only: on PostgreSQL a trigger refuses UPDATE and DELETE on the
event table and on django-fsm-log's transition log. (SQLite, the embedded default, relies on the
model and admin guards.) TRUNCATE, which only a test run's flush uses, is not a row event."""

from django.db import migrations

TABLES = ("networks_event", "django_fsm_log_statelog")

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The audit table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_append_only()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0001_initial"),
        ("django_fsm_log", "0004_auto_20190131_0341"),
    ]

    operations = [migrations.RunPython(create, drop)]
