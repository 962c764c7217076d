from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0003_routines_in_general_vocabulary"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalroutine',
            name='params',
        ),
        migrations.RemoveField(
            model_name='historicalroutine',
            name='rule',
        ),
        migrations.RemoveField(
            model_name='routine',
            name='params',
        ),
        migrations.RemoveField(
            model_name='routine',
            name='rule',
        ),
    ]
