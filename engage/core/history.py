"""The admin's site history, scoped like the rows it describes.

Wagtail's report filters log entries by content type only, so anyone who may view
one placement would read the history of every placement. Here each entry is kept
only if the registered permission policy of its model lets the user reach the
object; entries about objects that are gone, and erasures, are the central office's.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
)
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import PageLogEntry
from wagtail.permissions import policy_registry

from engage.accounts.scoping import is_engage_coordinator

# Actions whose entries only the central office reads, whatever object they are on.
CENTRAL_OFFICE_ACTIONS = frozenset({"engage.accounts.erased"})


def log_entries_in_scope(log_model, user):
    """The entries of `log_model` that `user` may read in the admin."""
    queryset = log_model.objects.viewable_by_user(user)
    if is_engage_coordinator(user):
        return queryset
    queryset = queryset.exclude(action__in=CENTRAL_OFFICE_ACTIONS)
    if issubclass(log_model, PageLogEntry):
        # Already limited by page permissions (pages have their own tree rules).
        return queryset
    visible = Q(pk__in=[])
    for content_type_id in sorted(queryset.get_content_type_ids()):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        rows = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
            user, ["view", "change"]
        )
        object_ids = rows.order_by().annotate(
            _log_object_id=Cast("pk", output_field=CharField())
        )
        visible |= Q(
            content_type_id=content_type_id,
            object_id__in=object_ids.values("_log_object_id"),
        )
    return queryset.filter(visible)


def _log_models():
    return list(log_action_registry.get_log_entry_models())


def _in_scope(user):
    for log_model in _log_models():
        yield log_entries_in_scope(log_model, user)


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """The filters offer only users, types and actions of entries in scope."""

    object_type = ContentTypeFilter(
        label=SiteHistoryReportFilterSet.base_filters["object_type"].label,
        method="filter_object_type",
        queryset=lambda request: ContentType.objects.filter(
            pk__in={
                pk for qs in _in_scope(request.user) for pk in qs.get_content_type_ids()
            }
        ).order_by("model"),
    )

    def get_action_choices(self):
        actions = {
            action for qs in _in_scope(self.request.user) for action in qs.get_actions()
        }
        return [
            choice
            for choice in log_action_registry.get_choices()
            if choice[0] in actions
        ]

    def get_user_choices(self):
        ids = {pk for qs in _in_scope(self.request.user) for pk in qs.get_user_ids()}
        User = get_user_model()
        return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)


class ScopedSiteHistoryView(LogEntriesView):
    """Wagtail's site history report (listing and CSV/XLSX export), row-scoped."""

    filterset_class = ScopedSiteHistoryFilterSet

    def get_filtered_queryset(self):
        self.log_models = _log_models()
        queryset = None
        for index, log_model in enumerate(self.log_models):
            sub_queryset = (
                log_entries_in_scope(log_model, self.request.user)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            sub_queryset = self.filter_queryset(sub_queryset).order_by()
            queryset = (
                sub_queryset
                if queryset is None
                else queryset.union(sub_queryset, all=True)
            )
        return queryset.order_by("-timestamp")


# Mounted in front of Wagtail's admin URLs (engage/urls.py), on the same paths.
site_history_urlpatterns = [
    path(
        "admin/reports/site-history/",
        never_cache(require_admin_access(ScopedSiteHistoryView.as_view())),
    ),
    path(
        "admin/reports/site-history/results/",
        never_cache(
            require_admin_access(ScopedSiteHistoryView.as_view(results_only=True))
        ),
    ),
]
