# Research tasks were part of the awards app: their tables (awards_researchtask,
# awards_researchtaskmember) stay as they are; only Django's state moves here.

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("awards", "0009_round_signers"),
        ("units", "0005_unit_document_header_and_signers"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="ResearchTask",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(blank=True, max_length=64, verbose_name="code")),
                ("title", models.CharField(max_length=500, verbose_name="title")),
                ("level", models.CharField(choices=[("base", "Grassroots level (cơ sở)"), ("province", "Province/city level"), ("national", "National level")], max_length=16, verbose_name="level")),
                ("start_date", models.DateField(blank=True, null=True, verbose_name="start date")),
                ("end_date", models.DateField(blank=True, null=True, verbose_name="end date")),
                ("accepted_on", models.DateField(blank=True, null=True, verbose_name="accepted on")),
                ("rating", models.CharField(blank=True, choices=[("failed", "Not passed"), ("passed", "Passed"), ("good", "Good"), ("excellent", "Excellent")], max_length=16, verbose_name="acceptance rating")),
                ("unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="research_tasks", to="units.unit", verbose_name="lead unit")),
            ],
            options={
                "verbose_name": "research task",
                "verbose_name_plural": "research tasks",
                "ordering": ["-accepted_on", "-id"],
                "db_table": "awards_researchtask",
                "indexes": [models.Index(fields=["unit", "accepted_on"], name="awards_rese_unit_id_328738_idx")],
            },
        ),
        migrations.CreateModel(
            name="ResearchTaskMember",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("is_lead", models.BooleanField(default=False, verbose_name="lead")),
                ("contribution", models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name="contribution (%)")),
                ("person", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="research_memberships", to="units.person")),
                ("task", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="members", to="research.researchtask")),
            ],
            options={
                "verbose_name": "member",
                "verbose_name_plural": "members",
                "db_table": "awards_researchtaskmember",
                "constraints": [models.UniqueConstraint(fields=("task", "person"), name="research_member_unique")],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
    ]
