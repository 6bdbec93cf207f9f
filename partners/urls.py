from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("portal/", views.portal_home, name="portal"),
    path("portal/<int:pk>/", views.portal_organisation, name="portal_organisation"),
    path("portal/<int:pk>/profile/", views.portal_profile, name="portal_profile"),
    path(
        "portal/<int:pk>/contacts/add/", views.portal_contact, name="portal_contact_add"
    ),
    path(
        "portal/<int:pk>/contacts/<int:contact_pk>/",
        views.portal_contact,
        name="portal_contact",
    ),
]
