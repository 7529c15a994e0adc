"""The database moves the data version: triggers on every table a figure is read from
(units.triggers). Here, in the top app of the two, because the tables of both must
exist. A table that pages come to read later gets its trigger in a migration of its
own: tests/units/test_versions_by_database.py fails until it does."""

from django.db import migrations

from units import triggers

TABLES = [
    # units: the hierarchy and its changes
    "units_unit",
    "units_reorganisation",
    "units_reorganisationstep",
    "units_unitlineage",
    "units_outsideformer",
    # indicators: the catalogue, the quarters, the reports and their values
    "indicators_dataelement",
    "indicators_indicator",
    "indicators_validationrule",
    "indicators_indexweight",
    "indicators_period",
    "indicators_report",
    "indicators_reportvalue",
]


def install(apps, schema_editor):
    triggers.install(schema_editor, TABLES)


def remove(apps, schema_editor):
    triggers.remove(schema_editor, TABLES, teardown=True)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0006_reminders_and_admin_names"),
        ("units", "0007_merged_province"),
    ]

    operations = [migrations.RunPython(install, remove)]
