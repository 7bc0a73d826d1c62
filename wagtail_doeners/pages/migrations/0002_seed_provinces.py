from django.db import migrations


def seed(apps, schema_editor):
    from wagtail_doeners.conf import PROVINCES

    Province = apps.get_model("doeners_pages", "Province")
    for slug, (nuts2, name_nl, name_en) in PROVINCES.items():
        Province.objects.update_or_create(
            slug=slug, defaults={"nuts2": nuts2, "name_nl": name_nl, "name_en": name_en}
        )


class Migration(migrations.Migration):
    dependencies = [("doeners_pages", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
