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
    """Hours without trailing zeros: 2.5, 3, 0.25."""
    from decimal import Decimal, InvalidOperation

    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return value
    text = f"{number.normalize():f}"
    return text
