from wagtail.users.apps import WagtailUsersAppConfig


class EngageUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with Engage's extra fields (language, faculties)."""

    user_viewset = "engage.accounts.viewsets.UserViewSet"
