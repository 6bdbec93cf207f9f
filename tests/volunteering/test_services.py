"""Sign-ups, the waitlist and its offers, deadlines and hours, with a movable clock.

Every service takes `now`; the tests move time by passing it explicitly.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from wagtail.models import Site

from engage.accounts.factories import CoordinatorFactory, PartnerContactUserFactory
from engage.core.exceptions import InvalidTransition
from engage.volunteering import services
from engage.volunteering.factories import (
    OpportunityFactory,
    ShiftFactory,
    StudentInitiativeFactory,
    brussels_time,
)
from engage.volunteering.models import (
    BRUSSELS,
    HoursLog,
    Opportunity,
    Shift,
    SignUp,
    StudentInitiative,
    VolunteeringSettings,
)
from partners.factories import ContactFactory

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def sign_up_all(shift, people, now):
    return [services.sign_up(shift=shift, student=p, actor=p, now=now) for p in people]


def statuses(shift):
    return list(shift.signups.order_by("sequence").values_list("student_id", "status"))


def test_confirmed_while_places_remain_then_waitlisted_in_order(
    make_shift, students, now
):
    shift = make_shift(capacity=2)
    people = students(5)
    signups = sign_up_all(shift, people, now)
    assert [s.status for s in signups] == ["confirmed"] * 2 + ["waitlisted"] * 3
    assert [s.sequence for s in signups] == [1, 2, 3, 4, 5]
    shift.refresh_from_db()
    assert shift.places_taken == 2
    assert list(shift.signups.waitlisted().values_list("student", flat=True)) == [
        p.pk for p in people[2:]
    ]


def test_a_double_click_creates_one_signup(make_shift, students, now):
    shift = make_shift(capacity=2)
    (student,) = students(1)
    first = services.sign_up(shift=shift, student=student, actor=student, now=now)
    second = services.sign_up(shift=shift, student=student, actor=student, now=now)
    assert first.pk == second.pk
    assert SignUp.objects.filter(shift=shift, student=student).count() == 1
    shift.refresh_from_db()
    assert shift.places_taken == 1


def test_the_database_refuses_a_second_signup_and_overbooking(
    make_shift, students, now
):
    shift = make_shift(capacity=1)
    (student,) = students(1)
    services.sign_up(shift=shift, student=student, actor=student, now=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignUp.objects.create(
            shift=shift, student=student, status="waitlisted", sequence=99
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.filter(pk=shift.pk).update(places_taken=2)


def test_signing_up_emails_the_student(
    make_shift, students, now, django_capture_on_commit_callbacks
):
    shift = make_shift(capacity=1)
    first, second = students(2)
    with django_capture_on_commit_callbacks(execute=True):
        sign_up_all(shift, [first, second], now)
    assert [m.to for m in mail.outbox] == [[first.email], [second.email]]
    assert "Je bent ingeschreven" in mail.outbox[0].subject
    assert "nummer 1" in mail.outbox[1].body


def test_cancelling_offers_the_place_to_the_first_in_line(
    make_shift, students, now, django_capture_on_commit_callbacks
):
    shift = make_shift(capacity=1)
    holder, first, second = students(3)
    signups = sign_up_all(shift, [holder, first, second], now)
    mail.outbox.clear()
    later = now + 2 * HOUR
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_signup(signup=signups[0], actor=holder, now=later)
    offered = SignUp.objects.get(student=first, shift=shift)
    assert offered.status == SignUp.Status.OFFERED
    assert offered.offer_expires_at == later + 24 * HOUR
    assert SignUp.objects.get(student=second, shift=shift).status == "waitlisted"
    recipients = [m.to[0] for m in mail.outbox]
    assert first.email in recipients
    assert shift.opportunity.contact_email in recipients  # the organiser is told
    offer_mail = next(m for m in mail.outbox if m.to == [first.email])
    assert re.search(
        r"http://\S+/(?:volunteering|vrijwilligerswerk)/offers/\S+/", offer_mail.body
    )
    shift.refresh_from_db()
    assert shift.places_taken == 1  # the offered place is held


def test_accepting_the_offer_confirms(make_shift, students, now):
    shift = make_shift(capacity=1)
    holder, waiting = students(2)
    signups = sign_up_all(shift, [holder, waiting], now)
    services.cancel_signup(signup=signups[0], actor=holder, now=now)
    offered = SignUp.objects.get(student=waiting, shift=shift)
    accepted = services.accept_offer(signup=offered, actor=waiting, now=now + 3 * HOUR)
    assert accepted.status == SignUp.Status.CONFIRMED
    assert accepted.offer_expires_at is None


def test_an_offer_expires_and_goes_to_the_next_in_line(
    make_shift, students, now, django_capture_on_commit_callbacks
):
    shift = make_shift(capacity=1, days=5)
    holder, first, second = students(3)
    signups = sign_up_all(shift, [holder, first, second], now)
    services.cancel_signup(signup=signups[0], actor=holder, now=now)

    # Just before the 24 hours are up nothing happens.
    assert (
        services.expire_offers(now=now + 24 * HOUR - datetime.timedelta(seconds=1)) == 0
    )
    assert SignUp.objects.get(student=first, shift=shift).status == "offered"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_offers(now=now + 24 * HOUR) == 1
    assert SignUp.objects.get(student=first, shift=shift).status == "expired"
    second_offer = SignUp.objects.get(student=second, shift=shift)
    assert second_offer.status == "offered"
    assert second_offer.offer_expires_at == now + 48 * HOUR
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])

    # A late click on the first offer is refused with a clear message.
    with pytest.raises(InvalidTransition, match="no open offer"):
        services.accept_offer(
            signup=SignUp.objects.get(student=first, shift=shift),
            actor=first,
            now=now + 25 * HOUR,
        )


def test_an_unprocessed_offer_cannot_be_accepted_after_its_time(
    make_shift, students, now
):
    shift = make_shift(capacity=1, days=5)
    holder, waiting = students(2)
    signups = sign_up_all(shift, [holder, waiting], now)
    services.cancel_signup(signup=signups[0], actor=holder, now=now)
    offered = SignUp.objects.get(student=waiting, shift=shift)
    with pytest.raises(InvalidTransition, match="expired"):
        services.accept_offer(signup=offered, actor=waiting, now=now + 25 * HOUR)


def test_an_offer_never_outlives_the_shift(make_shift, students, now):
    shift = make_shift(capacity=1, days=0, hour=18)  # today 18:00, now is 09:00
    holder, waiting = students(2)
    signups = sign_up_all(shift, [holder, waiting], now - 48 * HOUR)
    services.cancel_signup(signup=signups[0], actor=holder, now=now - 30 * HOUR)
    offered = SignUp.objects.get(student=waiting, shift=shift)
    assert offered.offer_expires_at == now - 6 * HOUR  # min(now + 24 h, shift start)
    offered.refresh_from_db()
    assert offered.offer_expires_at <= shift.starts_at


def test_the_office_tunes_the_offer_time(make_shift, students, now, site_pages):
    setting = VolunteeringSettings.for_site(Site.objects.get(is_default_site=True))
    setting.offer_valid_hours = 2
    setting.save()
    shift = make_shift(capacity=1)
    holder, waiting = students(2)
    signups = sign_up_all(shift, [holder, waiting], now)
    services.cancel_signup(signup=signups[0], actor=holder, now=now)
    assert SignUp.objects.get(student=waiting).offer_expires_at == now + 2 * HOUR


def test_declining_an_offer_moves_on_at_once(make_shift, students, now):
    shift = make_shift(capacity=1)
    holder, first, second = students(3)
    signups = sign_up_all(shift, [holder, first, second], now)
    services.cancel_signup(signup=signups[0], actor=holder, now=now)
    services.decline_offer(
        signup=SignUp.objects.get(student=first, shift=shift), actor=first, now=now
    )
    assert SignUp.objects.get(student=first, shift=shift).status == "cancelled"
    assert SignUp.objects.get(student=second, shift=shift).status == "offered"


def test_cancellation_deadline(make_shift, students, now, site_pages):
    shift = make_shift(capacity=1, days=3)
    holder, waiting = students(2)
    signups = sign_up_all(shift, [holder, waiting], now)
    deadline = shift.starts_at - 24 * HOUR
    with pytest.raises(InvalidTransition, match="deadline"):
        services.cancel_signup(
            signup=signups[0],
            actor=holder,
            now=deadline + datetime.timedelta(minutes=1),
        )
    assert SignUp.objects.get(pk=signups[0].pk).status == "confirmed"
    # Someone on the waitlist may always step out before the shift.
    services.cancel_signup(signup=signups[1], actor=waiting, now=deadline + HOUR)
    assert SignUp.objects.get(pk=signups[1].pk).status == "cancelled"
    # Right at the deadline a confirmed student still can.
    services.cancel_signup(signup=signups[0], actor=holder, now=deadline)
    assert SignUp.objects.get(pk=signups[0].pk).status == "cancelled"


def test_the_office_tunes_the_cancellation_deadline(
    make_shift, students, now, site_pages
):
    setting = VolunteeringSettings.for_site(Site.objects.get(is_default_site=True))
    setting.cancellation_deadline_hours = 2
    setting.save()
    shift = make_shift(capacity=1, days=1)
    (holder,) = students(1)
    (signup,) = sign_up_all(shift, [holder], now)
    services.cancel_signup(signup=signup, actor=holder, now=shift.starts_at - 3 * HOUR)
    assert SignUp.objects.get(pk=signup.pk).status == "cancelled"


def test_a_student_can_sign_up_again_after_cancelling(make_shift, students, now):
    shift = make_shift(capacity=1)
    holder, other = students(2)
    (signup,) = sign_up_all(shift, [holder], now)
    services.cancel_signup(signup=signup, actor=holder, now=now)
    sign_up_all(shift, [other], now)
    again = services.sign_up(shift=shift, student=holder, actor=holder, now=now)
    assert again.pk == signup.pk
    assert again.status == "waitlisted" and again.sequence == 3


def test_only_students_sign_up_and_only_for_open_shifts(make_shift, students, now):
    shift = make_shift(capacity=1)
    partner = PartnerContactUserFactory()
    with pytest.raises(InvalidTransition, match="Only students"):
        services.sign_up(shift=shift, student=partner, actor=partner, now=now)
    (student,) = students(1)
    with pytest.raises(InvalidTransition, match="started"):
        services.sign_up(
            shift=shift, student=student, actor=student, now=shift.starts_at + HOUR
        )
    Opportunity.objects.filter(pk=shift.opportunity_id).update(status="closed")
    shift.refresh_from_db()
    with pytest.raises(InvalidTransition, match="not open"):
        services.sign_up(shift=shift, student=student, actor=student, now=now)


def test_raising_capacity_offers_places_to_the_waitlist(make_shift, students, now):
    shift = make_shift(capacity=1)
    people = students(4)
    sign_up_all(shift, people, now)
    coordinator = CoordinatorFactory()
    services.change_capacity(shift=shift, capacity=3, actor=coordinator, now=now)
    assert [status for _, status in statuses(shift)] == [
        "confirmed",
        "offered",
        "offered",
        "waitlisted",
    ]
    shift.refresh_from_db()
    assert (shift.capacity, shift.places_taken) == (3, 3)


def test_a_cut_never_removes_confirmed_students_silently(
    make_shift, students, now, django_capture_on_commit_callbacks
):
    shift = make_shift(capacity=3)
    people = students(3)
    signups = sign_up_all(shift, people, now)
    coordinator = CoordinatorFactory()
    with pytest.raises(InvalidTransition, match="choose whose place"):
        services.change_capacity(shift=shift, capacity=2, actor=coordinator, now=now)
    assert [status for _, status in statuses(shift)] == ["confirmed"] * 3
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_capacity(
            shift=shift,
            capacity=2,
            release=[signups[2]],
            reason="The room is smaller",
            actor=coordinator,
            now=now,
        )
    assert [status for _, status in statuses(shift)] == [
        "confirmed",
        "confirmed",
        "cancelled",
    ]
    assert [m.to for m in mail.outbox] == [[people[2].email]]
    assert "The room is smaller" in mail.outbox[0].body


def test_attendance_credits_hours_and_records_no_shows(make_shift, students, now):
    shift = make_shift(capacity=3)
    came, absent = students(2)
    signups = sign_up_all(shift, [came, absent], now)
    contact_user = PartnerContactUserFactory()
    ContactFactory(organisation=shift.opportunity.organisation, user=contact_user)
    with pytest.raises(InvalidTransition, match="once the shift has started"):
        services.record_attendance(
            shift=shift, attended_ids=[signups[0].pk], actor=contact_user, now=now
        )
    after = shift.ends_at + HOUR
    services.record_attendance(
        shift=shift, attended_ids=[signups[0].pk], actor=contact_user, now=after
    )
    came_signup = SignUp.objects.get(pk=signups[0].pk)
    assert came_signup.status == "attended"
    assert came_signup.hours == Decimal("2.00")
    assert came_signup.attendance_marked_by == contact_user
    assert SignUp.objects.get(pk=signups[1].pk).status == "no_show"
    # A correction goes through a coordinator, not the organiser or a link.
    with pytest.raises(InvalidTransition, match="already recorded"):
        services.record_attendance(
            shift=shift,
            attended_ids=[s.pk for s in signups],
            actor=None,
            by_name="Els",
            now=after,
        )
    services.record_attendance(
        shift=shift,
        attended_ids=[s.pk for s in signups],
        actor=CoordinatorFactory(),
        now=after,
    )
    assert SignUp.objects.get(pk=signups[1].pk).hours == Decimal("2.00")


def test_extra_hours_are_approved_by_the_organiser(
    make_shift, students, now, django_capture_on_commit_callbacks
):
    shift = make_shift(capacity=2, days=-3)  # a shift that happened
    (student,) = students(1)
    (signup,) = sign_up_all(shift, [student], now - 10 * 24 * HOUR)
    services.record_attendance(
        shift=shift, attended_ids=[signup.pk], actor=None, by_name="Els", now=now
    )
    with django_capture_on_commit_callbacks(execute=True):
        log = services.log_hours(
            student=student,
            opportunity=shift.opportunity,
            date=shift.starts_at.date(),
            hours=Decimal("1.5"),
            description="Prepared the games",
            actor=student,
        )
    organiser_mail = mail.outbox[-1]
    assert organiser_mail.to == [shift.opportunity.contact_email]
    assert re.search(
        r"/(volunteering|vrijwilligerswerk)/organiser/extra-hours/", organiser_mail.body
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_hours(log=log, actor=None, by_name="Els Peeters", now=now)
    log.refresh_from_db()
    assert log.status == HoursLog.Status.APPROVED
    assert log.decided_by_name == "Els Peeters"
    assert mail.outbox[-1].to == [student.email]
    with pytest.raises(InvalidTransition):
        services.reject_hours(log=log, actor=None, note="no", now=now)


def test_extra_hours_only_for_an_opportunity_of_ones_own(opportunity, students):
    (student,) = students(1)
    with pytest.raises(InvalidTransition, match="only for an opportunity"):
        services.log_hours(
            student=student,
            opportunity=opportunity,
            date=datetime.date(2026, 10, 1),
            hours=2,
            description="x",
            actor=student,
        )


def test_rejecting_hours_needs_a_reason(make_shift, students, now):
    shift = make_shift(capacity=2)
    (student,) = students(1)
    sign_up_all(shift, [student], now)
    log = services.log_hours(
        student=student,
        opportunity=shift.opportunity,
        date=datetime.date(2026, 1, 10),
        hours=1,
        description="Visit",
        actor=student,
    )
    with pytest.raises(InvalidTransition, match="why"):
        services.reject_hours(log=log, actor=None, note=" ", now=now)
    services.reject_hours(log=log, actor=None, note="Not with us", now=now)
    assert HoursLog.objects.get(pk=log.pk).status == "rejected"


def test_reminders_go_out_once_within_the_lead_time(
    make_shift, students, now, django_capture_on_commit_callbacks
):
    shift = make_shift(capacity=2, days=3)
    confirmed, waiting_shift = students(2)
    sign_up_all(shift, [confirmed], now)
    # Half an hour just before the first (no double booking), same lead-time window.
    other = ShiftFactory(
        opportunity=shift.opportunity,
        starts_at=shift.starts_at - HOUR / 2,
        ends_at=shift.starts_at,
        capacity=1,
    )
    sign_up_all(other, [confirmed, waiting_shift], now)  # the second is waitlisted
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_shift_reminders(now=shift.starts_at - 25 * HOUR) == 0
        assert services.send_shift_reminders(now=shift.starts_at - 23 * HOUR) == 2
        assert services.send_shift_reminders(now=shift.starts_at - 22 * HOUR) == 0
    assert [m.to for m in mail.outbox] == [[confirmed.email], [confirmed.email]]
    assert "Herinnering" in mail.outbox[0].subject


def test_the_organiser_is_asked_for_attendance_after_the_shift(
    make_shift, students, now, django_capture_on_commit_callbacks
):
    shift = make_shift(capacity=2, days=1)
    (student,) = students(1)
    sign_up_all(shift, [student], now)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_attendance(now=shift.starts_at) == 0
        assert services.request_attendance(now=shift.ends_at + HOUR) == 1
        assert services.request_attendance(now=shift.ends_at + 2 * HOUR) == 0
    assert mail.outbox[0].to == [shift.opportunity.contact_email]
    assert re.search(
        r"/(volunteering|vrijwilligerswerk)/organiser/attendance/", mail.outbox[0].body
    )


def test_weekly_rule_generates_brussels_times_across_dst(opportunity, now):
    opportunity.kind = Opportunity.Kind.RECURRING
    opportunity.save()
    coordinator = CoordinatorFactory()
    services.add_weekly_rule(
        opportunity=opportunity,
        actor=coordinator,
        weekday=1,  # Tuesday
        start_time=datetime.time(18, 0),
        end_time=datetime.time(20, 30),
        starts_on=datetime.date(2026, 10, 13),
        ends_on=datetime.date(2026, 11, 17),
        capacity=4,
    )
    services.add_exception(
        opportunity=opportunity,
        date=datetime.date(2026, 11, 10),
        reason="Autumn holiday",
        actor=coordinator,
        now=now,
    )
    created = services.generate_shifts(
        opportunity=opportunity, actor=coordinator, now=now
    )
    local = [s.starts_at.astimezone(BRUSSELS) for s in created]
    assert [d.date() for d in local] == [
        datetime.date(2026, 10, 13),
        datetime.date(2026, 10, 20),
        datetime.date(2026, 10, 27),  # after the change to winter time on 25 October
        datetime.date(2026, 11, 3),
        datetime.date(2026, 11, 17),
    ]
    assert {(d.hour, d.minute) for d in local} == {(18, 0)}
    utc_hours = [s.starts_at.astimezone(datetime.UTC).hour for s in created]
    assert utc_hours == [16, 16, 17, 17, 17]
    assert all(s.duration_hours == Decimal("2.50") for s in created)
    # Generating again adds nothing.
    assert (
        services.generate_shifts(opportunity=opportunity, actor=coordinator, now=now)
        == []
    )


def test_excluding_a_date_cancels_its_shift_and_tells_the_students(
    make_shift, students, now, django_capture_on_commit_callbacks
):
    shift = make_shift(capacity=1, days=4)
    holder, waiting = students(2)
    sign_up_all(shift, [holder, waiting], now)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_exception(
            opportunity=shift.opportunity,
            date=shift.starts_at.astimezone(BRUSSELS).date(),
            reason="Public holiday",
            actor=CoordinatorFactory(),
            now=now,
        )
    shift.refresh_from_db()
    assert shift.status == "cancelled" and shift.places_taken == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([holder.email, waiting.email])
    assert all("Public holiday" in m.body for m in mail.outbox)


def test_rules_only_for_recurring_opportunities(opportunity):
    with pytest.raises(InvalidTransition):
        services.add_weekly_rule(
            opportunity=opportunity,
            actor=None,
            weekday=0,
            start_time=datetime.time(9),
            end_time=datetime.time(10),
            starts_on=datetime.date(2026, 10, 1),
            ends_on=datetime.date(2026, 10, 30),
            capacity=2,
        )


def test_an_opportunity_has_exactly_one_organiser(reference_data):
    initiative = StudentInitiativeFactory()
    opportunity = OpportunityFactory.build(organisation=None, initiative=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        opportunity.save()
    both = OpportunityFactory()
    both.initiative = initiative
    with pytest.raises(IntegrityError), transaction.atomic():
        both.save()
    alone = OpportunityFactory(organisation=None, initiative=initiative)
    assert alone.organiser == initiative


def test_a_student_initiative_organises_once_approved(
    reference_data, students, django_capture_on_commit_callbacks
):
    lead, member = students(2)
    sponsor = CoordinatorFactory()
    initiative = services.propose_initiative(
        actor=lead,
        name="Soup on Sunday",
        goal="Cook soup for homeless people",
        members=[member],
        sponsor_staff=sponsor,
    )
    assert initiative.status == StudentInitiative.Status.PROPOSED
    assert initiative.memberships.get(user=lead).is_lead
    opportunity = services.create_opportunity(
        actor=lead,
        propose=True,
        fields={
            "initiative": initiative,
            "title_en": "Soup round",
            "description_en": "We hand out soup.",
            "campus": OpportunityFactory.build().campus,
            "contact_name": "Lead",
            "contact_email": lead.email,
        },
    )
    coordinator = CoordinatorFactory()
    with pytest.raises(InvalidTransition, match="approved"):
        services.publish_opportunity(opportunity=opportunity, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_initiative(initiative=initiative, actor=coordinator)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, member.email])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        published = services.publish_opportunity(
            opportunity=opportunity, actor=coordinator
        )
    assert published.status == Opportunity.Status.PUBLISHED
    assert mail.outbox[0].to == [lead.email]  # the proposer hears it is live
    assert (
        Opportunity.objects.organised_by_user(member).filter(pk=opportunity.pk).exists()
    )


def test_an_initiative_needs_a_sponsor(reference_data, students):
    (lead,) = students(1)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="sponsor"):
        services.propose_initiative(actor=lead, name="No sponsor", goal="x")


def test_publish_window_hides_an_opportunity(opportunity, now):
    opportunity.publish_from = now + HOUR
    opportunity.save()
    assert not opportunity.is_visible(now)
    assert opportunity.is_visible(now + 2 * HOUR)
    assert not Opportunity.objects.published(now).filter(pk=opportunity.pk).exists()


def test_brussels_time_helper(now):
    assert brussels_time(datetime.date(2026, 3, 29), 12).utcoffset() == 2 * HOUR
    assert now.utcoffset() == 2 * HOUR
