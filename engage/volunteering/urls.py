from django.urls import path

from engage.volunteering import views

app_name = "volunteering"

urlpatterns = [
    # Public: opportunities and their calendars; certificate verification.
    path("opportunities/<int:pk>/", views.opportunity_detail, name="opportunity"),
    path(
        "opportunities/<int:pk>/calendar.ics",
        views.opportunity_calendar,
        name="opportunity_calendar",
    ),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    # Students.
    path("shifts/<int:pk>/sign-up/", views.sign_up, name="sign_up"),
    path("sign-ups/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("sign-ups/<int:pk>/accept/", views.accept, name="accept"),
    path("sign-ups/<int:pk>/decline/", views.decline, name="decline"),
    path("offers/<str:token>/", views.offer, name="offer"),
    path("me/", views.my_engagement, name="my_engagement"),
    path("me/hours/", views.log_hours, name="log_hours"),
    path("me/calendar/reset/", views.reset_calendar, name="reset_calendar"),
    path("me/record/", views.record, name="record"),
    path("me/record/certificate/", views.certificate, name="certificate"),
    path("me/initiatives/new/", views.propose_initiative, name="propose_initiative"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    # Organisers: partner-portal accounts and initiative members, or signed links.
    path("organiser/", views.organiser_home, name="organiser_home"),
    path("organiser/propose/", views.organiser_propose, name="organiser_propose"),
    path(
        "organiser/opportunities/<int:pk>/",
        views.organiser_opportunity,
        name="organiser_opportunity",
    ),
    path(
        "organiser/opportunities/<int:pk>/shifts/new/",
        views.organiser_add_shift,
        name="organiser_add_shift",
    ),
    path("organiser/shifts/<int:pk>/", views.organiser_shift, name="organiser_shift"),
    path("organiser/hours/<int:pk>/", views.organiser_hours, name="organiser_hours"),
    path(
        "organiser/attendance/<str:token>/",
        views.attendance_link,
        name="attendance_link",
    ),
    path("organiser/extra-hours/<str:token>/", views.hours_link, name="hours_link"),
]
