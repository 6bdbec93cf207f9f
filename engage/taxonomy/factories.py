import factory

from engage.taxonomy.models import SDG, TargetGroup, Theme


class SDGFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SDG
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n % 17 + 1)
    name_en = factory.LazyAttribute(lambda o: f"Goal {o.number}")
    name_nl = factory.LazyAttribute(lambda o: f"Doel {o.number}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"group-{n}")
    name_en = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    name_nl = factory.LazyAttribute(lambda o: o.slug.replace("-", " "))


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_en = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    name_nl = factory.LazyAttribute(lambda o: o.slug.replace("-", " "))
