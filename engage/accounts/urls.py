from django.urls import path

from engage.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("me/", views.home, name="home"),
    path("me/profile/", views.profile, name="profile"),
    path("me/data.json", views.my_data, name="my_data"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/done/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/set/<uidb64>/<token>/",
        views.PasswordSetView.as_view(),
        name="password_set",
    ),
]
