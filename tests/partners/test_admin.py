"""The partner CRM in Wagtail's admin: scoping, listing, search, filters, bulk, 360°."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from engage.accounts.factories import FacultyCoordinatorFactory
from partners.activity import ActivitySection, partner_activity_providers
from partners.factories import (
    AgreementFactory,
    ContactFactory,
    InteractionFactory,
    OrganisationFactory,
)
from partners.models import Organisation
from tests.partners.helpers import assert_refused

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LIST = "/admin/partners/organisations/"


def edit_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "also_known_as": organisation.also_known_as,
        "legal_form": organisation.legal_form,
        "enterprise_number": organisation.enterprise_number or "",
        "street": organisation.street,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "country": organisation.country,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "description_en": organisation.description_en,
        "description_nl": organisation.description_nl,
        "status": organisation.status,
        "level": organisation.level,
        "account_owner": organisation.account_owner_id or "",
    }
    data.update(changes)
    return data


# Scoping ------------------------------------------------------------------------


def test_faculty_coordinators_read_all_but_edit_only_what_they_own(
    client, faculty_coordinator
):
    own = OrganisationFactory(account_owner=faculty_coordinator)
    other_owner = FacultyCoordinatorFactory()
    theirs = OrganisationFactory(account_owner=other_owner)
    client.force_login(faculty_coordinator)

    for organisation in (own, theirs):
        assert client.get(f"{LIST}overview/{organisation.pk}/").status_code == 200
        assert client.get(f"{LIST}inspect/{organisation.pk}/").status_code == 200

    assert client.get(f"{LIST}edit/{own.pk}/").status_code == 200
    assert_refused(client.get(f"{LIST}edit/{theirs.pk}/"))
    response = client.post(
        f"{LIST}edit/{theirs.pk}/", edit_data(theirs, name="Taken over")
    )
    assert_refused(response)
    theirs.refresh_from_db()
    assert theirs.name != "Taken over"

    response = client.post(f"{LIST}edit/{own.pk}/", edit_data(own, name="Renamed"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name == "Renamed"


def test_the_listing_links_to_edit_only_what_may_be_edited(client, faculty_coordinator):
    own = OrganisationFactory(name="Mine", account_owner=faculty_coordinator)
    theirs = OrganisationFactory(name="Theirs")
    client.force_login(faculty_coordinator)
    content = client.get(LIST).content.decode()
    assert f"{LIST}edit/{own.pk}/" in content
    assert f"{LIST}edit/{theirs.pk}/" not in content
    assert f"{LIST}overview/{theirs.pk}/" in content


def test_faculty_coordinators_cannot_attach_records_to_others_organisations(
    client, faculty_coordinator
):
    theirs = OrganisationFactory()
    contact = ContactFactory(organisation=theirs)
    client.force_login(faculty_coordinator)
    response = client.post(
        "/admin/partners/contacts/add/",
        {
            "organisation": theirs.pk,
            "first_name": "Eva",
            "last_name": "Maes",
            "preferred_language": "nl",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "You can only add records to organisations you own." in (
        response.content.decode()
    )
    assert_refused(client.get(f"/admin/partners/contacts/edit/{contact.pk}/"))


def test_partner_contacts_and_students_have_no_admin(client, partner_contact, student):
    for user in (partner_contact.user, student):
        client.force_login(user)
        response = client.get(LIST)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_only_an_unreferenced_organisation_can_be_deleted(admin_client):
    referenced = OrganisationFactory()
    ContactFactory(organisation=referenced)
    assert_refused(admin_client.get(f"{LIST}delete/{referenced.pk}/"))
    mistake = OrganisationFactory()
    response = admin_client.post(f"{LIST}delete/{mistake.pk}/")
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=mistake.pk).exists()


# Listing, search, filters, export --------------------------------------------------


def _listing_with(count, owner):
    for n in range(count):
        organisation = OrganisationFactory(name=f"Partner {n:03d}", account_owner=owner)
        ContactFactory(organisation=organisation, is_primary=True)
        AgreementFactory(organisation=organisation, signed=n % 2 == 0)


def test_the_listing_runs_the_same_number_of_queries_for_10_and_200(
    admin_client, coordinator, count_queries
):
    _listing_with(10, coordinator)
    admin_client.get(LIST)  # warm caches (permissions, content types)
    small = count_queries(lambda: admin_client.get(LIST))
    context = count_queries.last_result.context
    assert len(context["object_list"]) == 10

    _listing_with(190, coordinator)
    large = count_queries(lambda: admin_client.get(LIST))
    context = count_queries.last_result.context
    assert context["paginator"].count == 200
    assert len(context["object_list"]) == 50  # a full page
    assert small == large, count_queries.last_queries


def test_the_export_runs_the_same_number_of_queries_for_10_and_200(
    admin_client, coordinator, count_queries
):
    def export():
        response = admin_client.get(f"{LIST}?export=csv")
        return b"".join(response.streaming_content)

    _listing_with(10, coordinator)
    export()
    small = count_queries(export)
    assert count_queries.last_result.count(b"\n") == 11
    _listing_with(190, coordinator)
    large = count_queries(export)
    assert count_queries.last_result.count(b"\n") == 201
    assert small == large, count_queries.last_queries


def test_search_covers_names_aliases_numbers_cities_and_contacts(admin_client):
    kroon = OrganisationFactory(
        name="Jeugdhuis De Kroon",
        also_known_as="JH Kroon",
        enterprise_number="0123456749",
        city="Kessel-Lo",
    )
    ContactFactory(
        organisation=kroon,
        first_name="Griet",
        last_name="Vermeulen",
        email="g@kroon.be",
    )
    OrganisationFactory(name="Buurtwerk De Brug", city="Gent")

    def names(query):
        response = admin_client.get(LIST, {"q": query})
        return [o.name for o in response.context["object_list"]]

    for query in (
        "kroon",
        "JH Kroon",
        "0123.456.749",
        "BE0123456749",
        "Kessel",
        "Griet Vermeulen",
        "g@kroon.be",
        "jeugdhuis de kroon vzw",
    ):
        assert names(query) == ["Jeugdhuis De Kroon"], query


def test_filters(admin_client, coordinator, reference_data):
    from engage.taxonomy.models import Theme

    education = Theme.objects.get(slug="education")
    with_agreement = OrganisationFactory(
        name="Signed", themes=[education], account_owner=coordinator
    )
    AgreementFactory(organisation=with_agreement, signed=True)
    expired = OrganisationFactory(name="Expired agreement", status="dormant")
    AgreementFactory(
        organisation=expired,
        signed=True,
        valid_from=TODAY - datetime.timedelta(days=500),
        valid_until=TODAY - datetime.timedelta(days=1),
    )

    def names(**params):
        response = admin_client.get(LIST, params)
        return sorted(o.name for o in response.context["object_list"])

    assert names(has_valid_agreement="true") == ["Signed"]
    assert names(has_valid_agreement="false") == ["Expired agreement"]
    assert names(themes=education.pk) == ["Signed"]
    assert names(status="dormant") == ["Expired agreement"]
    assert names(account_owner=coordinator.pk) == ["Signed"]


# Bulk actions -------------------------------------------------------------------


def test_bulk_change_owner_and_status(admin_client, coordinator, faculty_coordinator):
    first, second = OrganisationFactory(), OrganisationFactory()
    base = "/admin/bulk/partners/organisation/"
    query = f"?id={first.pk}&id={second.pk}&next={LIST}"

    confirm = admin_client.get(f"{base}change_owner/{query}")
    assert confirm.status_code == 200
    response = admin_client.post(
        f"{base}change_owner/{query}", {"owner": faculty_coordinator.pk}
    )
    assert response.status_code == 302
    assert set(Organisation.objects.values_list("account_owner", flat=True)) == {
        faculty_coordinator.pk
    }

    response = admin_client.post(f"{base}change_status/{query}", {"status": "dormant"})
    assert response.status_code == 302
    assert set(Organisation.objects.values_list("status", flat=True)) == {"dormant"}
    assert (
        ModelLogEntry.objects.filter(
            action="partners.organisation.status_changed"
        ).count()
        == 2
    )


def test_bulk_actions_skip_what_a_faculty_coordinator_does_not_own(
    client, faculty_coordinator
):
    own = OrganisationFactory(account_owner=faculty_coordinator, status="active")
    theirs = OrganisationFactory(status="active")
    client.force_login(faculty_coordinator)
    query = f"?id={own.pk}&id={theirs.pk}&next={LIST}"
    response = client.post(
        f"/admin/bulk/partners/organisation/change_status/{query}", {"status": "ended"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert (own.status, theirs.status) == ("ended", "active")


# The 360° view and the dashboard ----------------------------------------------------


def test_the_360_view_shows_everything_including_other_modules(
    admin_client, coordinator, organisation
):
    ContactFactory(organisation=organisation, first_name="Griet", last_name="Maes")
    AgreementFactory(
        organisation=organisation,
        signed=True,
        valid_until=TODAY + datetime.timedelta(days=20),
    )
    InteractionFactory(
        organisation=organisation,
        summary="Planned the spring placements.",
        follow_up_date=TODAY,
        follow_up_assignee=coordinator,
        follow_up_note="Send the offer form",
    )

    def placements_hosted(org, user):
        return ActivitySection(
            title="Placements hosted",
            rows=[{"Student": "Lotte Claes", "Course": "Social work"}],
            count=1,
        )

    partner_activity_providers.register(placements_hosted)
    try:
        response = admin_client.get(f"{LIST}overview/{organisation.pk}/")
    finally:
        partner_activity_providers._entries[:] = [
            e
            for e in partner_activity_providers._entries
            if e[1] is not placements_hosted
        ]
    content = response.content.decode()
    for text in (
        "Griet Maes",
        "Framework partnership agreement",
        "ends in 20 days",
        "Planned the spring placements.",
        "Send the offer form",
        "Placements hosted (1)",
        "Lotte Claes",
    ):
        assert text in content, text


def test_the_dashboard_lists_my_follow_ups_only(client, coordinator, reference_data):
    other = FacultyCoordinatorFactory()
    mine = InteractionFactory(
        organisation=OrganisationFactory(name="Mine To Follow"),
        follow_up_date=TODAY - datetime.timedelta(days=2),
        follow_up_assignee=coordinator,
        follow_up_note="Call back about the agreement",
    )
    InteractionFactory(
        organisation=OrganisationFactory(name="Someone Else's"),
        follow_up_date=TODAY,
        follow_up_assignee=other,
    )
    InteractionFactory(
        organisation=OrganisationFactory(name="Far Away"),
        follow_up_date=TODAY + datetime.timedelta(days=60),
        follow_up_assignee=coordinator,
    )
    client.force_login(coordinator)
    content = client.get("/admin/").content.decode()
    assert "Follow-ups due" in content
    assert "Mine To Follow" in content and "overdue" in content
    assert "Someone Else" not in content
    assert "Far Away" not in content

    response = client.post(
        f"/admin/partners/interactions/follow-up-done/{mine.pk}/", {"next": "/admin/"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.follow_up_done_at is not None
    assert f"follow-up-done/{mine.pk}/" not in client.get("/admin/").content.decode()


def test_an_interaction_with_a_follow_up_gets_the_logger_as_assignee(
    admin_client, coordinator, organisation
):
    contact = ContactFactory(organisation=organisation)
    response = admin_client.post(
        f"/admin/partners/interactions/add/?organisation={organisation.pk}",
        {
            "organisation": organisation.pk,
            "kind": "call",
            "date": TODAY.isoformat(),
            "summary": "Asked for volunteers.",
            "contacts": [contact.pk],
            "staff_participants": [coordinator.pk],
            "follow_up_date": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "follow_up_note": "Publish the opportunity",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"{LIST}overview/{organisation.pk}/"
    interaction = organisation.interactions.get()
    assert interaction.follow_up_assignee == coordinator
    assert interaction.created_by == coordinator
    assert list(interaction.contacts.all()) == [contact]


def test_the_partner_settings_are_for_engage_coordinators(client, faculty_coordinator):
    client.force_login(faculty_coordinator)
    response = client.get("/admin/settings/partners/partnersettings/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/" in response["Location"]


# The other listings and forms --------------------------------------------------------


@pytest.mark.parametrize(
    "listing",
    [
        "/admin/partners/contacts/",
        "/admin/partners/agreements/",
        "/admin/partners/interactions/",
    ],
)
def test_the_other_listings_run_a_constant_number_of_queries(
    client, faculty_coordinator, count_queries, listing
):
    def add(count):
        for _ in range(count):
            organisation = OrganisationFactory(account_owner=faculty_coordinator)
            ContactFactory(organisation=organisation)
            AgreementFactory(organisation=organisation, signed=True)
            InteractionFactory(
                organisation=organisation,
                follow_up_date=TODAY,
                follow_up_assignee=faculty_coordinator,
            )

    client.force_login(faculty_coordinator)
    add(5)
    client.get(listing)
    small = count_queries(lambda: client.get(listing))
    assert count_queries.last_result.status_code == 200
    add(45)
    large = count_queries(lambda: client.get(listing))
    assert len(count_queries.last_result.context["object_list"]) == 50
    assert small == large, count_queries.last_queries


def test_a_new_primary_contact_in_the_admin_takes_over(admin_client, organisation):
    first = ContactFactory(organisation=organisation, is_primary=True)
    response = admin_client.post(
        f"/admin/partners/contacts/add/?organisation={organisation.pk}",
        {
            "organisation": organisation.pk,
            "first_name": "Hanne",
            "last_name": "Claes",
            "preferred_language": "nl",
            "is_primary": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert not first.is_primary
    assert organisation.contacts.get(is_primary=True).first_name == "Hanne"


def test_the_terms_of_a_signed_agreement_are_frozen(admin_client, organisation):
    agreement = AgreementFactory(organisation=organisation, signed=True)
    original_end = agreement.valid_until
    response = admin_client.post(
        f"/admin/partners/agreements/edit/{agreement.pk}/",
        {
            "organisation": organisation.pk,
            "kind": "mou",
            "valid_from": agreement.valid_from.isoformat(),
            "valid_until": "2099-01-01",
            "notes": "Renewal talks started.",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.kind == "framework"
    assert agreement.valid_until == original_end
    assert agreement.notes == "Renewal talks started."
