from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ errors|get_item:entry.pk }}`: a dict lookup with a variable key."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def hours(value):
    """Hours without trailing zeros, in the reader's notation: 2.5 / 2,5, 3."""
    from decimal import Decimal, InvalidOperation

    from django.utils.formats import number_format

    try:
        number = Decimal(str(value)).normalize()
    except (InvalidOperation, TypeError, ValueError):
        return value
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return number_format(number, use_l10n=True)
