from django.db import migrations


def seed(apps, schema_editor):
    from wagtail_doeners.pages.nace import load_nace_codes

    load_nace_codes(apps.get_model("doeners_pages", "NaceCode"))


class Migration(migrations.Migration):
    dependencies = [("doeners_pages", "0002_seed_provinces")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
