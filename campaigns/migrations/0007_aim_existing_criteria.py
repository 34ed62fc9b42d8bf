"""Existing campaigns: a criterion of the agency's own initiatives (the kind the Hải Phòng plan
1536/KH-SGDĐT uses for "cơ quan Sở … ít nhất 01 sáng kiến cấp thành phố") now says that it is
for the agency alone, and the emulation-title award forms say which title's standard they
check. Ratios already count each unit's own initiatives (the field's default)."""

from django.db import migrations

TITLES_BY_NAME = {
    "chiến sĩ thi đua cơ sở": "base_fighter",
    "chiến sĩ thi đua thành phố": "province_fighter",
    "chiến sĩ thi đua cấp tỉnh": "province_fighter",
    "cờ thi đua ubnd thành phố": "province_flag",
}


def forwards(apps, schema_editor):
    Criterion = apps.get_model("campaigns", "Criterion")
    AwardForm = apps.get_model("campaigns", "AwardForm")
    Criterion.objects.filter(kind="agency_initiatives", unit_kinds=[]).update(agency_only=True)
    for form in AwardForm.objects.filter(title=""):
        title = TITLES_BY_NAME.get(form.name.strip().lower())
        if title:
            form.title = title
            form.save(update_fields=["title"])


def backwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0006_criterion_nominees_and_titles")]

    operations = [migrations.RunPython(forwards, backwards)]
