"""The partner CRM in Wagtail's admin: organisations, contacts, agreements,
interactions.

Snippet viewsets give listing, search, filters, inspect, history and bulk actions;
the views below add the row rules of `partners.permissions` (Wagtail's generic
edit views only check model permissions) and the CRM's own screens.
"""

import re

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import (
    BooleanColumn,
    Column,
    DateColumn,
    NumberColumn,
    StatusTagColumn,
    TitleColumn,
    UpdatedAtColumn,
)
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    SnippetViewSet,
)

from partners import admin_views, services
from partners.duplicates import normalise_name
from partners.filters import (
    AgreementFilterSet,
    ContactFilterSet,
    InteractionFilterSet,
    OrganisationFilterSet,
)
from partners.forms import (
    MULTI_CHECKBOX_FIELDS,
    AgreementAdminForm,
    ContactAdminForm,
    InteractionAdminForm,
    OrganisationAdminForm,
)
from partners.importing import COLUMNS, export_row
from partners.models import Agreement, Contact, Interaction, Organisation
from partners.selectors import organisation_export, organisation_listing

# Shared view behaviour ---------------------------------------------------------------


class RowPermissionMixin:
    """Refuse (403) an object the user may not act on, whatever its id."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.user_has_permission_for_instance(self.permission_required, obj):
            raise PermissionDenied
        return obj


class RowPermissionIndexMixin:
    """Listing rows link to edit only when the row rule allows it."""

    def get_edit_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", instance
        ):
            return super().get_edit_url(instance)
        return None


class OrganisationChildCreateMixin:
    """Records of an organisation: `?organisation=<pk>` preselects it."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        organisation_id = self.request.GET.get("organisation", "")
        if organisation_id.isdigit():
            organisation = Organisation.objects.filter(pk=organisation_id).first()
            if organisation is not None:
                instance.organisation = organisation
        return instance

    def get_add_url(self):
        url = super().get_add_url()
        query = self.request.GET.urlencode()
        return f"{url}{'&' if '?' in url else '?'}{query}" if query else url

    def get_success_url(self):
        return get_valid_next_url_from_request(self.request) or reverse(
            "partners_organisations:overview", args=[self.object.organisation_id]
        )


class OrganisationChildEditMixin:
    def get_success_url(self):
        return get_valid_next_url_from_request(self.request) or reverse(
            "partners_organisations:overview", args=[self.object.organisation_id]
        )


def _select_multiple(name):
    return FieldPanel(name, widget=forms.CheckboxSelectMultiple)


# Organisations -------------------------------------------------------------------


class OrganisationIndexView(RowPermissionIndexMixin, IndexView):
    def get_delete_url(self, instance):
        # Organisations end rather than go; a mistaken one is deleted from its edit
        # screen, where the row rule (nothing refers to it) is checked.
        return None

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.is_export:
            return organisation_export(queryset)
        return queryset

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        text = self.search_query.strip()
        query = (
            Q(name__icontains=text)
            | Q(also_known_as__icontains=text)
            | Q(city__icontains=text)
        )
        key = normalise_name(text)
        if key:
            query |= Q(name_key__contains=key)
        digits = re.sub(r"\D", "", text)
        if len(digits) >= 4:
            query |= Q(enterprise_number__contains=digits)
        contact_query = Q()
        for term in text.split():
            contact_query &= (
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(email__icontains=term)
            )
        query |= Q(
            pk__in=Contact.objects.filter(contact_query).values("organisation_id")
        )
        return queryset.filter(query)

    def to_row_dict(self, item):
        return dict(zip(COLUMNS, export_row(item), strict=True))

    def get_overview_url(self, instance):
        return reverse("partners_organisations:overview", args=[quote(instance.pk)])

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        column_class = self._get_title_column_class(column_class)
        return self._get_custom_column(
            field_name,
            column_class,
            get_url=self.get_overview_url,
            get_title_id=lambda instance: f"snippet_{quote(instance.pk)}_title",
            **kwargs,
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.insert(
            0,
            Button(
                _("Partner 360°"),
                url=self.get_overview_url(instance),
                icon_name="view",
                priority=5,
            ),
        )
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.request.user.has_perm("partners.add_organisation"):
            buttons.append(
                Button(
                    _("Import CSV/XLSX"),
                    url=reverse("partners_organisations:import"),
                    icon_name="upload",
                    priority=80,
                )
            )
        return buttons


class OrganisationCreateView(CreateView):
    def get_success_url(self):
        return reverse("partners_organisations:overview", args=[self.object.pk])


class OrganisationEditView(RowPermissionMixin, EditView):
    def get_success_url(self):
        return reverse("partners_organisations:overview", args=[self.object.pk])

    @cached_property
    def header_more_buttons(self):
        return [
            Button(
                _("Partner 360°"),
                url=reverse("partners_organisations:overview", args=[self.object.pk]),
                icon_name="view",
                priority=5,
            ),
            *super().header_more_buttons,
        ]


class OrganisationDeleteView(RowPermissionMixin, DeleteView):
    pass


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 10
    url_prefix = "partners/organisations"
    url_namespace = "partners_organisations"
    menu_item_is_registered = True
    index_view_class = OrganisationIndexView
    add_view_class = OrganisationCreateView
    edit_view_class = OrganisationEditView
    delete_view_class = OrganisationDeleteView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None
    search_fields = ["name"]  # the index view searches more (see search_queryset)
    filterset_class = OrganisationFilterSet
    list_per_page = 50
    ordering = ["name"]
    list_display = [
        "name",
        "city",
        StatusTagColumn(
            "get_status_display",
            label=_("Status"),
            sort_key="status",
            primary=lambda o: o.status == Organisation.Status.ACTIVE,
        ),
        Column("get_level_display", label=_("Level"), sort_key="level"),
        Column("account_owner", label=_("Account owner")),
        NumberColumn("contact_count", label=_("Contacts")),
        BooleanColumn("has_valid_agreement", label=_("Valid agreement")),
        UpdatedAtColumn(),
    ]
    list_export = COLUMNS
    export_headings = {column: column for column in COLUMNS}
    export_filename = "partners"
    inspect_view_fields = [
        "name",
        "also_known_as",
        "legal_form",
        "enterprise_number",
        "street",
        "postcode",
        "city",
        "country",
        "website",
        "email",
        "phone",
        "description_en",
        "description_nl",
        "target_groups",
        "sdgs",
        "themes",
        "languages",
        "nearest_campuses",
        "status",
        "level",
        "account_owner",
        "public_listing_consent",
        "needs_review",
        "created_at",
        "updated_at",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("also_known_as"),
                    FieldRowPanel(
                        [FieldPanel("legal_form"), FieldPanel("enterprise_number")]
                    ),
                ],
                heading=_("Identity"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("street"),
                    FieldRowPanel(
                        [
                            FieldPanel("postcode"),
                            FieldPanel("city"),
                            FieldPanel("country"),
                        ]
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("website"),
                            FieldPanel("email"),
                            FieldPanel("phone"),
                        ]
                    ),
                ],
                heading=_("Address and contact details"),
            ),
            MultiFieldPanel(
                [FieldPanel("description_en"), FieldPanel("description_nl")],
                heading=_("Description"),
            ),
            MultiFieldPanel(
                [_select_multiple(name) for name in MULTI_CHECKBOX_FIELDS],
                heading=_("Work"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("status"), FieldPanel("level")]),
                    FieldPanel("account_owner"),
                    FieldPanel("public_listing_consent"),
                    FieldPanel("needs_review"),
                ],
                heading=_("Partnership"),
            ),
            FieldPanel("not_a_duplicate"),
        ],
        base_form_class=OrganisationAdminForm,
    )

    def get_queryset(self, request):
        return organisation_listing()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "overview/<int:pk>/",
                admin_views.OrganisationOverviewView.as_view(),
                name="overview",
            ),
            path(
                "merge/<int:pk>/",
                admin_views.MergeOrganisationView.as_view(),
                name="merge",
            ),
            path(
                "import/", admin_views.ImportOrganisationsView.as_view(), name="import"
            ),
            path(
                "import/template/",
                admin_views.ImportTemplateView.as_view(),
                name="import_template",
            ),
        ]


# Contacts ----------------------------------------------------------------------------


class ContactIndexView(RowPermissionIndexMixin, IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = Q()
        for term in self.search_query.split():
            query &= (
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(email__icontains=term)
                | Q(organisation__name__icontains=term)
            )
        return queryset.filter(query)


class _ContactSaveMixin:
    def save_instance(self):
        contact = self.form.save(commit=False)
        services.save_contact(contact=contact, actor=self.request.user)
        self.form.save_m2m()
        return contact


class ContactCreateView(_ContactSaveMixin, OrganisationChildCreateMixin, CreateView):
    pass


class ContactEditView(
    _ContactSaveMixin, OrganisationChildEditMixin, RowPermissionMixin, EditView
):
    pass


class ContactDeleteView(RowPermissionMixin, DeleteView):
    pass


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "user"
    menu_label = _("Contacts")
    menu_order = 20
    url_prefix = "partners/contacts"
    url_namespace = "partners_contacts"
    menu_item_is_registered = True
    index_view_class = ContactIndexView
    add_view_class = ContactCreateView
    edit_view_class = ContactEditView
    delete_view_class = ContactDeleteView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None
    search_fields = ["last_name"]
    filterset_class = ContactFilterSet
    list_per_page = 50
    ordering = ["last_name", "first_name"]
    list_display = [
        "full_name",
        Column("organisation", label=_("Organisation"), sort_key="organisation__name"),
        "function",
        "email",
        BooleanColumn("is_primary", label=_("Primary")),
        BooleanColumn("is_active", label=_("Active")),
        BooleanColumn("user", label=_("Portal account")),
    ]
    list_export = [
        "organisation",
        "first_name",
        "last_name",
        "function",
        "email",
        "phone",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
            FieldPanel("function"),
            FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
            FieldPanel("preferred_language"),
            FieldRowPanel([FieldPanel("is_primary"), FieldPanel("is_active")]),
        ],
        base_form_class=ContactAdminForm,
    )

    def get_queryset(self, request):
        return Contact.objects.select_related("organisation", "user")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "invite/<int:pk>/",
                admin_views.InviteContactView.as_view(),
                name="invite",
            ),
        ]


# Agreements ----------------------------------------------------------------------


class AgreementIndexView(RowPermissionIndexMixin, IndexView):
    pass


class AgreementCreateView(OrganisationChildCreateMixin, CreateView):
    pass


class AgreementEditView(OrganisationChildEditMixin, RowPermissionMixin, EditView):
    pass


class AgreementDeleteView(RowPermissionMixin, DeleteView):
    pass


class AgreementViewSet(SnippetViewSet):
    model = Agreement
    icon = "doc-full"
    menu_label = _("Agreements")
    menu_order = 30
    url_prefix = "partners/agreements"
    url_namespace = "partners_agreements"
    menu_item_is_registered = True
    index_view_class = AgreementIndexView
    add_view_class = AgreementCreateView
    edit_view_class = AgreementEditView
    delete_view_class = AgreementDeleteView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None
    search_fields = ["organisation__name", "course"]
    filterset_class = AgreementFilterSet
    list_per_page = 50
    list_display = [
        Column("organisation", label=_("Organisation"), sort_key="organisation__name"),
        Column("get_kind_display", label=_("Kind"), sort_key="kind"),
        StatusTagColumn(
            "get_status_display",
            label=_("Status"),
            sort_key="status",
            primary=lambda a: a.status == Agreement.Status.SIGNED,
        ),
        DateColumn("valid_from", label=_("Valid from")),
        DateColumn("valid_until", label=_("Valid until")),
        Column("faculty", label=_("Faculty")),
    ]
    list_export = [
        "organisation",
        "kind",
        "status",
        "faculty",
        "course",
        "valid_from",
        "valid_until",
        "signed_on",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("kind"),
            FieldRowPanel([FieldPanel("faculty"), FieldPanel("course")]),
            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
            FieldPanel("notes"),
        ],
        base_form_class=AgreementAdminForm,
    )

    def get_queryset(self, request):
        return Agreement.objects.select_related("organisation", "faculty")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "send/<int:pk>/", admin_views.SendAgreementView.as_view(), name="send"
            ),
            path(
                "sign/<int:pk>/", admin_views.SignAgreementView.as_view(), name="sign"
            ),
            path(
                "terminate/<int:pk>/",
                admin_views.TerminateAgreementView.as_view(),
                name="terminate",
            ),
            path(
                "document/<int:pk>/",
                admin_views.AgreementDocumentView.as_view(),
                name="document",
            ),
        ]


# Interactions --------------------------------------------------------------------


class InteractionIndexView(RowPermissionIndexMixin, IndexView):
    pass


class InteractionCreateView(OrganisationChildCreateMixin, CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class InteractionEditView(OrganisationChildEditMixin, RowPermissionMixin, EditView):
    pass


class InteractionDeleteView(RowPermissionMixin, DeleteView):
    pass


class InteractionViewSet(SnippetViewSet):
    model = Interaction
    icon = "comment"
    menu_label = _("Interactions")
    menu_order = 40
    url_prefix = "partners/interactions"
    url_namespace = "partners_interactions"
    menu_item_is_registered = True
    index_view_class = InteractionIndexView
    add_view_class = InteractionCreateView
    edit_view_class = InteractionEditView
    delete_view_class = InteractionDeleteView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None
    search_fields = ["organisation__name", "summary", "follow_up_note"]
    filterset_class = InteractionFilterSet
    list_per_page = 50
    list_display = [
        "__str__",
        DateColumn("date", label=_("Date")),
        Column("get_kind_display", label=_("Kind"), sort_key="kind"),
        DateColumn("follow_up_date", label=_("Follow up by")),
        Column("follow_up_assignee", label=_("Follow-up by")),
    ]
    list_export = [
        "organisation",
        "kind",
        "date",
        "summary",
        "follow_up_date",
        "follow_up_note",
        "follow_up_assignee",
        "follow_up_done_at",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
            FieldPanel("summary"),
            FieldPanel("contacts", widget=forms.CheckboxSelectMultiple),
            FieldPanel("staff_participants", widget=forms.CheckboxSelectMultiple),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("follow_up_date"), FieldPanel("follow_up_assignee")]
                    ),
                    FieldPanel("follow_up_note"),
                ],
                heading=_("Follow-up"),
            ),
        ],
        base_form_class=InteractionAdminForm,
    )

    def get_queryset(self, request):
        return Interaction.objects.select_related("organisation", "follow_up_assignee")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "follow-up-done/<int:pk>/",
                admin_views.CompleteFollowUpView.as_view(),
                name="follow_up_done",
            ),
        ]


class PartnersViewSetGroup(ViewSetGroup):
    menu_label = _("Partners")
    menu_icon = "group"
    menu_order = 200
    items = (OrganisationViewSet, ContactViewSet, AgreementViewSet, InteractionViewSet)
