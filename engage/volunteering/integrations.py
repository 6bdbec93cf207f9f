"""What KOTengage contributes to shared screens: "My Engage", the partner 360° view
and the partner portal (each through the registry the lower module defines).
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.accounts.scoping import is_student
from engage.core.registry import my_engage_sections
from engage.volunteering.models import Opportunity, Shift, SignUp
from engage.volunteering.permissions import is_organiser, opportunity_scope
from partners.activity import ActivitySection, partner_activity_providers
from partners.portal import partner_portal_sections


@my_engage_sections.register(order=40)
def my_engagement_section(request):
    """Students: their next shifts and open offers; organisers: their pages."""
    user = request.user
    items = []
    if is_student(user):
        now = timezone.now()
        signups = (
            SignUp.objects.filter(
                student=user,
                status__in=[SignUp.Status.CONFIRMED, SignUp.Status.OFFERED],
                shift__starts_at__gt=now,
            )
            .select_related("shift__opportunity")
            .order_by("shift__starts_at")[:5]
        )
        for signup in signups:
            local = timezone.localtime(signup.shift.starts_at)
            label = f"{signup.shift.opportunity.title} · {local:%d/%m %H:%M}"
            if signup.status == SignUp.Status.OFFERED:
                label = _("Place offered: %(label)s") % {"label": label}
            items.append((label, reverse("volunteering:my_engagement")))
        items.append(
            (
                _("My engagement: sign-ups, hours and calendar"),
                reverse("volunteering:my_engagement"),
            )
        )
        items.append(
            (_("Engagement record and certificate"), reverse("volunteering:record"))
        )
    if is_organiser(user):
        items.append(
            (_("Volunteering I organise"), reverse("volunteering:organiser_home"))
        )
    if not items:
        return None
    return {"title": _("My engagement"), "items": items}


@partner_activity_providers.register(order=50)
def opportunities_organised(organisation, user):
    """The organisation's KOTengage opportunities, with upcoming shifts and sign-ups
    (for those who may see KOTengage: the central office, or the organisers)."""
    now = timezone.now()
    scoped = Opportunity.objects.filter(opportunity_scope(user))
    opportunities = list(
        scoped.filter(organisation=organisation)
        .annotate(
            upcoming=Count(
                "shifts",
                filter=Q(
                    shifts__starts_at__gt=now, shifts__status=Shift.Status.SCHEDULED
                ),
                distinct=True,
            ),
            volunteers=Count(
                "shifts__signups__student",
                filter=Q(shifts__signups__status__in=SignUp.PLACE_HOLDING),
                distinct=True,
            ),
        )
        .order_by("-created_at")[:20]
    )
    if not opportunities:
        return None
    rows = [
        {
            str(_("Opportunity")): o.title,
            str(_("Status")): o.get_status_display(),
            str(_("Upcoming shifts")): o.upcoming,
            str(_("Volunteers")): o.volunteers,
        }
        for o in opportunities
    ]
    total = scoped.filter(organisation=organisation).count()
    return ActivitySection(
        title=str(_("KOTengage opportunities organised")),
        template="volunteering/partials/partner_activity.html",
        context={"opportunities": opportunities},
        rows=rows,
        count=total,
        url=reverse("volunteering_opportunities:index")
        + f"?organisation={organisation.pk}",
    )


@partner_portal_sections.register(order=50)
def portal_section(request, organisation):
    """The partner portal links to the organiser's own KOTengage pages."""
    count = Opportunity.objects.filter(organisation=organisation).count()
    items = [
        (
            _("Your volunteering opportunities (%(count)s)") % {"count": count},
            reverse("volunteering:organiser_home"),
        ),
        (
            _("Propose a volunteering opportunity"),
            reverse("volunteering:organiser_propose"),
        ),
    ]
    return {"title": _("KOTengage volunteering"), "items": items}
