"""Merging duplicates: every related record moves, in one transaction, and is logged."""

import pytest
from django.apps import apps
from django.db import connection, models
from wagtail.models import ModelLogEntry

from engage.core.audit import audit
from engage.core.exceptions import InvalidTransition
from engage.taxonomy.models import Theme
from partners import services
from partners.factories import (
    AgreementFactory,
    ContactFactory,
    InteractionFactory,
    OrganisationFactory,
    valid_enterprise_number,
)
from partners.merge import MergeConflict, incoming_relations
from partners.models import Agreement, Contact, Interaction, Organisation
from tests.partners.helpers import assert_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(reference_data, coordinator):
    themes = list(Theme.objects.order_by("pk")[:3])
    survivor = OrganisationFactory(
        name="Jeugdhuis De Kroon",
        enterprise_number=None,
        website="",
        phone="",
        themes=themes[:2],
    )
    duplicate = OrganisationFactory(
        name="JH De Kroon",
        also_known_as="De Kroon Leuven",
        enterprise_number=valid_enterprise_number(7),
        website="https://www.dekroon.be",
        phone="+32 16 12 34 56",
        themes=themes[1:],
        account_owner=coordinator,
    )
    return survivor, duplicate, themes


def test_every_current_relation_is_found_by_introspection():
    keys = {r.key for r in incoming_relations(Organisation)}
    assert {
        "partners.contact.organisation",
        "partners.agreement.organisation",
        "partners.interaction.organisation",
        "partners.organisation.target_groups",
        "partners.organisation.sdgs",
        "partners.organisation.themes",
        "partners.organisation.languages",
        "partners.organisation.nearest_campuses",
    } <= keys


def test_merge_moves_everything_and_keeps_the_names(pair, coordinator):
    survivor, duplicate, themes = pair
    survivor_primary = ContactFactory(organisation=survivor, is_primary=True)
    duplicate_primary = ContactFactory(organisation=duplicate, is_primary=True)
    other_contact = ContactFactory(organisation=duplicate)
    agreement = AgreementFactory(organisation=duplicate, signed=True)
    interaction = InteractionFactory(
        organisation=duplicate, contacts=[duplicate_primary]
    )
    audit(duplicate, "partners.organisation.updated", actor=coordinator)
    duplicate_pk = duplicate.pk

    result = services.merge_organisations(
        survivor=survivor, duplicate=duplicate, actor=coordinator
    )

    survivor.refresh_from_db()
    assert not Organisation.objects.filter(pk=duplicate_pk).exists()
    assert set(survivor.contacts.all()) == {
        survivor_primary,
        duplicate_primary,
        other_contact,
    }
    # One primary contact: the merged organisation's primary joins as an ordinary one.
    assert list(survivor.contacts.filter(is_primary=True)) == [survivor_primary]
    assert Agreement.objects.get(pk=agreement.pk).organisation == survivor
    moved_interaction = Interaction.objects.get(pk=interaction.pk)
    assert moved_interaction.organisation == survivor
    assert list(moved_interaction.contacts.all()) == [duplicate_primary]
    assert set(survivor.themes.all()) == set(themes)  # the union, no duplicate rows
    # Names kept, blanks filled, the enterprise number taken over.
    assert survivor.aliases == ["JH De Kroon", "De Kroon Leuven"]
    assert survivor.website == "https://www.dekroon.be"
    assert survivor.phone == "+32 16 12 34 56"
    assert survivor.enterprise_number == valid_enterprise_number(7)
    assert survivor.account_owner == coordinator
    # Logged, with the duplicate's history joined to the survivor's.
    entry = ModelLogEntry.objects.filter(
        action="partners.organisation.merged", object_id=str(survivor.pk)
    ).get()
    assert entry.user == coordinator
    assert entry.data["merged_name"] == "JH De Kroon"
    assert entry.data["moved"]["partners.contact.organisation"]["count"] == 2
    assert ModelLogEntry.objects.filter(
        action="partners.organisation.updated", object_id=str(survivor.pk)
    ).exists()
    assert result.moved["partners.agreement.organisation"][1] == 1


def test_merge_is_atomic(pair, coordinator, monkeypatch):
    survivor, duplicate, _ = pair
    ContactFactory(organisation=duplicate)
    AgreementFactory(organisation=duplicate)

    def fail(*args, **kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(services, "audit", fail)
    with pytest.raises(RuntimeError):
        services.merge_organisations(
            survivor=survivor, duplicate=duplicate, actor=coordinator
        )
    assert Organisation.objects.filter(pk=duplicate.pk).exists()
    assert duplicate.contacts.count() == 1
    assert duplicate.agreements.count() == 1
    assert survivor.contacts.count() == 0
    survivor.refresh_from_db()
    assert survivor.also_known_as == ""


def test_an_organisation_cannot_be_merged_with_itself(pair, coordinator):
    survivor, _, _ = pair
    with pytest.raises(InvalidTransition):
        services.merge_organisations(
            survivor=survivor, duplicate=survivor, actor=coordinator
        )


def test_the_merge_screen_shows_what_moves_and_merges_on_confirmation(
    admin_client, pair
):
    survivor, duplicate, _ = pair
    ContactFactory(organisation=duplicate)
    url = f"/admin/partners/organisations/merge/{duplicate.pk}/"

    preview = admin_client.post(url, {"survivor": survivor.pk})
    content = preview.content.decode()
    assert "Contacts: 1" in content
    assert Organisation.objects.filter(pk=duplicate.pk).exists()

    response = admin_client.post(url, {"survivor": survivor.pk, "confirm": "1"})
    assert response.status_code == 302
    assert response["Location"] == (
        f"/admin/partners/organisations/overview/{survivor.pk}/"
    )
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()


def test_faculty_coordinators_cannot_merge(client, faculty_coordinator, pair):
    survivor, duplicate, _ = pair
    client.force_login(faculty_coordinator)
    response = client.post(
        f"/admin/partners/organisations/merge/{duplicate.pk}/",
        {"survivor": survivor.pk, "confirm": "1"},
    )
    assert_refused(response)
    assert Organisation.objects.filter(pk=duplicate.pk).exists()


# A relation another module could add later, created for this test only: proves the
# merge finds relations by introspection, not from a list.


@pytest.fixture
def throwaway_models(transactional_db):
    class Meta:
        app_label = "partners"

    project = type(
        "ThrowawayProject",
        (models.Model,),
        {
            "__module__": __name__,
            "Meta": Meta,
            "title": models.CharField(max_length=50),
            "partners": models.ManyToManyField(Organisation, related_name="+"),
        },
    )
    badge_meta = type("Meta", (), {"app_label": "partners"})
    badge = type(
        "ThrowawayBadge",
        (models.Model,),
        {
            "__module__": __name__,
            "Meta": badge_meta,
            # At most one badge per organisation.
            "holder": models.OneToOneField(
                Organisation, on_delete=models.CASCADE, related_name="+"
            ),
        },
    )
    through = project._meta.get_field("partners").remote_field.through
    with connection.schema_editor() as editor:
        editor.create_model(project)
        editor.create_model(badge)
    yield project, badge
    with connection.schema_editor() as editor:
        editor.delete_model(badge)
        editor.delete_model(project)
    for model in (project, badge, through):
        apps.all_models["partners"].pop(model._meta.model_name, None)
    apps.clear_cache()


def test_relations_added_by_other_modules_move_too(throwaway_models, coordinator):
    from engage.core.management.commands.load_reference_data import (
        load_reference_data,
    )

    load_reference_data()
    project_model, badge_model = throwaway_models
    keys = {r.key for r in incoming_relations(Organisation)}
    assert "partners.throwawayproject.partners" in keys
    assert "partners.throwawaybadge.holder" in keys

    survivor = OrganisationFactory(name="De Brug")
    duplicate = OrganisationFactory(name="De Brug Leuven")
    both = project_model.objects.create(title="Both")
    both.partners.set([survivor, duplicate])
    only_duplicate = project_model.objects.create(title="Only the duplicate")
    only_duplicate.partners.set([duplicate])
    badge = badge_model.objects.create(holder=duplicate)

    services.merge_organisations(survivor=survivor, duplicate=duplicate, actor=None)

    assert list(both.partners.all()) == [survivor]  # the link existed: no double row
    assert list(only_duplicate.partners.all()) == [survivor]
    badge.refresh_from_db()
    assert badge.holder_id == survivor.pk


def test_a_clash_that_cannot_be_settled_stops_the_whole_merge(
    throwaway_models, coordinator
):
    from engage.core.management.commands.load_reference_data import (
        load_reference_data,
    )

    load_reference_data()
    project_model, badge_model = throwaway_models
    survivor = OrganisationFactory(name="De Brug")
    duplicate = OrganisationFactory(name="De Brug Leuven")
    contact = ContactFactory(organisation=duplicate)
    badge_model.objects.create(holder=survivor)
    badge_model.objects.create(holder=duplicate)

    with pytest.raises(MergeConflict):
        services.merge_organisations(
            survivor=survivor, duplicate=duplicate, actor=coordinator
        )

    assert Organisation.objects.filter(pk=duplicate.pk).exists()
    assert Contact.objects.get(pk=contact.pk).organisation_id == duplicate.pk
    assert badge_model.objects.filter(holder=duplicate).count() == 1
