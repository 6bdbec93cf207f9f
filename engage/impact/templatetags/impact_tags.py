from django import template

from engage.impact.definitions import FIGURES, figure_value
from engage.impact.presentation import format_number, format_public

register = template.Library()


@register.filter
def figure(value, unit="count"):
    """`{{ n|figure }}`, `{{ hours|figure:"hours" }}`: grouped digits, n/a for None."""
    return format_number(value, unit)


@register.filter
def public_figure(value, unit="people"):
    """Like `figure`, with counts of people from 1 to 4 shown as "<5" (public and
    partners); `{{ n|public_figure:"count" }}` for courses or questions."""
    return format_public(value, unit)


@register.filter
def figure_of(report, key):
    """`{{ report|figure_of:"service_learning.students_placed" }}`: the raw value."""
    return figure_value(report, key)


@register.filter
def figure_label(key):
    figure = FIGURES.get(key)
    return figure.label if figure else key


@register.filter
def figure_unit(key):
    figure = FIGURES.get(key)
    return figure.unit if figure else "count"
