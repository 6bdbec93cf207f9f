"""Admin viewset pieces shared by the modules."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.admin_url_finder import ModelAdminURLFinder


class ReadOnlyViewSetMixin:
    """Rows that change only through services: no add, edit, delete or copy screens.

    The admin's links to a row (site history, usage, search) open `object_url_name`
    (a URL name of the viewset, e.g. "inspect") instead of the missing edit view;
    None means the rows have no page of their own.
    """

    object_url_name: str | None = "inspect"
    exclude_form_fields = []  # never used: there is no form

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add_url_name", "edit_url_name", "delete_url_name"):
            view_kwargs[name] = None
        if "copy_url_name" in view_kwargs:
            view_kwargs["copy_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            p
            for p in super().get_urlpatterns()
            if p.name not in {"add", "edit", "delete", "copy"}
        ]

    @property
    def url_finder_class(self):
        url_name = self.object_url_name and self.get_url_name(self.object_url_name)

        class ReadOnlyURLFinder(ModelAdminURLFinder):
            def construct_edit_url(self, instance):
                if not url_name:
                    return None
                return reverse(url_name, args=(quote(instance.pk),))

        return ReadOnlyURLFinder
