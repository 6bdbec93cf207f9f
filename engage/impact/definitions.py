"""How each figure of the impact report is counted: written once, shown on the admin
report page, on the methods page of the PDF and next to the figures in exports.

Keys are the stable names of the figures in the report dict and in the JSON export
(`service_learning.students_placed`), so a reader can trace every number.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise
    definition: Promise
    # "people" (counts of people: shown as "<5" below 5 in public and to
    # partners), "count" (courses, questions, organisations: shown as they are)
    # or "hours".
    unit: str = "count"


HEADLINE = [
    Figure(
        "students_engaged",
        _("Students engaged"),
        _(
            "Distinct students counted once across the modules: placed in "
            "service-learning, matched to a Science Shop question or present on a "
            "volunteering shift in the year (as defined below)."
        ),
        unit="people",
    ),
    Figure(
        "service_learning.courses",
        _("Service-learning courses"),
        _(
            "Service-learning courses of the academic year with at least one "
            "placement that became active during that year."
        ),
    ),
    Figure(
        "service_learning.students_placed",
        _("Students placed"),
        _(
            "Distinct students with a placement that became active (started) "
            "during the year, whatever happened to it afterwards."
        ),
        unit="people",
    ),
    Figure(
        "service_learning.placements",
        _("Placements started"),
        _("Placements that became active during the year."),
    ),
    Figure(
        "service_learning.approved_hours",
        _("Approved placement hours"),
        _(
            "Sum of the hours entries of placements dated in the year that the "
            "mentor (or a coordinator) approved; pending and rejected hours are left "
            "out."
        ),
        unit="hours",
    ),
    Figure(
        "science_shop.received",
        _("Questions received"),
        _(
            "Research questions submitted to the Science Shop during the year, "
            "including those referred to us by another Science Shop."
        ),
    ),
    Figure(
        "science_shop.accepted",
        _("Questions accepted"),
        _("Questions accepted after their intake during the year (status history)."),
    ),
    Figure(
        "science_shop.referred_out",
        _("Questions referred out"),
        _(
            "Questions referred to another Flemish Science Shop during the year "
            "(status history)."
        ),
    ),
    Figure(
        "science_shop.referred_in",
        _("Questions referred in"),
        _(
            "Questions received during the year that another Science Shop referred "
            "to us."
        ),
    ),
    Figure(
        "science_shop.delivered",
        _("Questions answered"),
        _("Questions whose research report was delivered during the year."),
    ),
    Figure(
        "science_shop.published",
        _("Results published"),
        _("Questions whose lay summary was published during the year."),
    ),
    Figure(
        "science_shop.students",
        _("Science Shop students"),
        _(
            "Distinct students who confirmed their match to a research question of "
            "the academic year."
        ),
        unit="people",
    ),
    Figure(
        "volunteering.volunteers",
        _("Volunteers"),
        _(
            "Distinct students marked present on at least one volunteering shift "
            "that took place during the year."
        ),
        unit="people",
    ),
    Figure(
        "volunteering.volunteer_hours",
        _("Volunteer hours"),
        _(
            "Hours credited for attended shifts of the year plus approved extra "
            "hours dated in the year."
        ),
        unit="hours",
    ),
    Figure(
        "volunteering.opportunities",
        _("Volunteering opportunities"),
        _("Opportunities with at least one shift (not cancelled) in the year."),
    ),
    Figure(
        "volunteering.shifts",
        _("Volunteering shifts"),
        _("Shifts (not cancelled) that start during the year."),
    ),
    Figure(
        "volunteering.student_initiatives",
        _("Student initiatives"),
        _(
            "Student initiatives that organised at least one shift (not cancelled) "
            "during the year."
        ),
    ),
    Figure(
        "partners.active",
        _("Active partners"),
        _(
            "Distinct organisations with any activity in the year, across modules: "
            "hosting a placement that became active, a Science Shop question "
            "received, answered or published, a volunteering shift, or a logged "
            "interaction (meeting, call, visit)."
        ),
    ),
    Figure(
        "partners.service_learning",
        _("Partners hosting placements"),
        _("Organisations hosting a placement that became active in the year."),
    ),
    Figure(
        "partners.science_shop",
        _("Partners asking the Science Shop"),
        _(
            "Organisations with a Science Shop question received, answered or "
            "published in the year."
        ),
    ),
    Figure(
        "partners.volunteering",
        _("Partners organising volunteering"),
        _("Organisations with a volunteering shift (not cancelled) in the year."),
    ),
    Figure(
        "partners.interactions",
        _("Partners met"),
        _("Organisations with an interaction logged in the year."),
    ),
    Figure(
        "pathway.faculties_with_pathway",
        _("Faculties with a pathway"),
        _(
            "A faculty has a service-learning pathway in a year when it offers at "
            "least one service-learning course of that year with at least one "
            "placement that became active in that year."
        ),
    ),
    Figure(
        "pathway.faculties_total",
        _("Faculties"),
        _("Active faculties in the scope of the report (16 for the university)."),
    ),
    Figure(
        "pathway.programmes_with_pathway",
        _("Programmes with a pathway"),
        _(
            "Active programmes linked to a service-learning course that has a "
            "pathway in the year (as for faculties)."
        ),
    ),
    Figure(
        "pathway.programmes_total",
        _("Programmes"),
        _("Active programmes of the faculties in the scope of the report."),
    ),
    Figure(
        "pathway.campuses_with_pathway",
        _("Campuses with a pathway"),
        _(
            "Campuses where a service-learning course with a pathway in the year is "
            "taught."
        ),
    ),
    Figure(
        "pathway.campuses_total",
        _("Campuses"),
        _("Campuses in the scope of the report."),
    ),
]

FIGURES = {figure.key: figure for figure in HEADLINE}

# Tables and conventions, explained on the methods page after the figures.
NOTES = [
    (
        _("Academic year"),
        _(
            "A year runs from its start date to its end date (mid-September to "
            "mid-September), in Brussels time. Dates of activity decide the year, "
            "not the date a record was entered."
        ),
    ),
    (
        _("Filters"),
        _(
            "A report for a faculty, campus or partner counts only what belongs to "
            "it: courses of the faculty or taught on the campus, questions of the "
            "faculty, placements, questions and opportunities of the partner. "
            "Volunteering is not recorded per faculty, the Science Shop not per "
            "campus: those figures are then not applicable (n/a)."
        ),
    ),
    (
        _("Coverage matrix"),
        _(
            "For each faculty and academic year: the service-learning courses with "
            "a pathway and the distinct students placed in them. A tick marks a "
            "pathway, a dash its absence."
        ),
    ),
    (
        _("Target groups and SDGs"),
        _(
            "Students placed at offers for the target group (for SDGs: at "
            "organisations working on the goal), Science Shop questions received "
            "about it and volunteers on opportunities for it. One student or "
            "question can count for several groups or goals."
        ),
    ),
    (
        _("Trends"),
        _("The same figures for the earlier academic years, counted in the same way."),
    ),
    (
        _("Small numbers"),
        _(
            "On the public site and in anything a partner sees, counts from 1 to 4 "
            "are shown as “<5” so that nobody (for example a student in a "
            "prison or a care home) can be identified."
        ),
    ),
]


def figure_value(report: dict, key: str):
    """The value of `key` ("service_learning.students_placed") in a report dict."""
    value = report
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def has_figure(report: dict, key: str) -> bool:
    """Whether `key` is in the report (its value may be None: not applicable)."""
    value = report
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return True
