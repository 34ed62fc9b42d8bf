# Research tasks moved to their own app (research). The database is untouched: the tables
# keep their names and the evidence keeps its foreign key; only Django's state changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0009_round_signers"),
        ("research", "0001_initial"),
    ]

    state_operations = [
        migrations.AlterField(
            model_name="proposalevidence",
            name="research_task",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="award_evidence", to="research.researchtask", verbose_name="research task"),
        ),
        migrations.DeleteModel(name="ResearchTaskMember"),
        migrations.DeleteModel(name="ResearchTask"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
    ]
