from django.urls import path

from science_shop import views

app_name = "science_shop"

urlpatterns = [
    path("questions/", views.open_questions, name="open_questions"),
    path("questions/<int:pk>/", views.open_question_detail, name="open_question"),
    path(
        "questions/<int:pk>/interest/",
        views.express_interest,
        name="express_interest",
    ),
    path(
        "interests/<int:pk>/withdraw/",
        views.withdraw_interest,
        name="withdraw_interest",
    ),
    path("follow-links/", views.follow_request, name="follow_request"),
    path("follow/<str:token>/", views.follow, name="follow"),
    path("follow/<str:token>/report/", views.follow_report, name="follow_report"),
    path("follow/<str:token>/new-link/", views.follow_resend, name="follow_resend"),
    path("my-questions/<int:pk>/", views.partner_question, name="partner_question"),
    path(
        "my-questions/<int:pk>/report/",
        views.partner_report,
        name="partner_report",
    ),
    path("projects/<int:pk>/", views.project, name="project"),
    path("supervise/", views.supervise, name="supervise"),
    path("supervise/<int:pk>/adopt/", views.adopt, name="adopt"),
]
