"""The sites' public information: services, documents to bring, public address, publication.

Additive: the slug is added empty, filled for the existing sites, then made unique.
"""

from django.db import migrations, models
from django.utils.text import slugify


def _slug_base(name: str) -> str:
    # A frozen copy of territory.models.public_slug_base: a migration must not follow the code.
    slug = slugify(name).replace("maison-departementale-des-solidarites", "mds")
    return slug[:70].rstrip("-") or "site"


def fill_public_slugs(apps, schema_editor):
    Site = apps.get_model("territory", "Site")
    taken = set()
    for site in Site.objects.order_by("pk").only("pk", "name"):
        base = _slug_base(site.name)
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        Site.objects.filter(pk=site.pk).update(public_slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="site",
            name="services",
            field=models.TextField(
                blank=True, help_text="Un service par ligne.", verbose_name="services proposés"
            ),
        ),
        migrations.AddField(
            model_name="site",
            name="documents_to_bring",
            field=models.TextField(
                blank=True, help_text="Un document par ligne.", verbose_name="documents à apporter"
            ),
        ),
        migrations.AddField(
            model_name="site",
            name="is_public",
            field=models.BooleanField(
                default=True,
                help_text="Page publique et dépliant ; les sites d'employeurs ne sont jamais publiés.",
                verbose_name="publié",
            ),
        ),
        migrations.AddField(
            model_name="site",
            name="public_slug",
            field=models.SlugField(blank=True, db_index=False, max_length=80, null=True),
        ),
        migrations.RunPython(fill_public_slugs, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="site",
            name="public_slug",
            field=models.SlugField(
                blank=True,
                help_text=(
                    "Fin de l'adresse /sites/…/, calculée depuis le nom du site si elle est vide. "
                    "La changer rend caducs les dépliants déjà imprimés (leur code QR y mène)."
                ),
                max_length=80,
                unique=True,
                verbose_name="adresse de la page publique",
            ),
        ),
    ]
