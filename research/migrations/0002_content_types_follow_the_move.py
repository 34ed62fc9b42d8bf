# History rows, notifications, generated files and download records point at their subject
# through a content type: the content types of the moved models change app, their ids stay.

from django.db import migrations

MODELS = ("researchtask", "researchtaskmember")


def _move(apps, schema_editor, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    manager = ContentType.objects.using(db)
    for model in MODELS:
        old = manager.filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        new = manager.filter(app_label=new_label, model=model).first()
        if new is not None:
            # Both exist (a migrate that created the new one before this ran): what points
            # at the old one points at the new one, then the old one goes.
            for related in ContentType._meta.related_objects:
                if related.many_to_many or related.related_model._meta.app_label == "auth":
                    continue
                related.related_model._base_manager.using(db).filter(
                    **{related.field.name: old}
                ).update(**{related.field.name: new})
            old.delete()
        else:
            old.app_label = new_label
            old.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _move(apps, schema_editor, "awards", "research")


def backwards(apps, schema_editor):
    _move(apps, schema_editor, "research", "awards")


class Migration(migrations.Migration):

    dependencies = [
        ("research", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
