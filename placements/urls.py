from django.urls import path

from placements import views

app_name = "placements"

urlpatterns = [
    # Students: "My service-learning".
    path("my/", views.my_service_learning, name="my"),
    path("courses/<int:pk>/preferences/", views.preferences, name="preferences"),
    path("placements/<int:pk>/", views.placement, name="placement"),
    path("placements/<int:pk>/accept/", views.accept, name="accept"),
    path("placements/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("placements/<int:pk>/sign/", views.sign, name="sign"),
    path("placements/<int:pk>/hours/", views.log_hours, name="log_hours"),
    path("placements/<int:pk>/reflections/", views.reflections, name="reflections"),
    path(
        "placements/<int:pk>/evaluation/",
        views.student_evaluation,
        name="student_evaluation",
    ),
    path(
        "placements/<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement_pdf"
    ),
    # Lecturers: "My courses".
    path("lecturer/", views.lecturer_courses, name="lecturer"),
    path("lecturer/courses/<int:pk>/", views.lecturer_course, name="lecturer_course"),
    path(
        "lecturer/courses/<int:pk>/questions/",
        views.lecturer_prompts,
        name="lecturer_prompts",
    ),
    path(
        "lecturer/placements/<int:pk>/",
        views.lecturer_placement,
        name="lecturer_placement",
    ),
    # Partners: with a portal account, or a mentor's signed link.
    path("partner/", views.partner_home, name="partner"),
    path(
        "partner/placements/<int:pk>/",
        views.partner_placement,
        name="partner_placement",
    ),
    path("partner/mentor/<str:token>/", views.mentor, name="mentor"),
    path(
        "partner/mentor/<str:token>/agreement.pdf",
        views.mentor_agreement_pdf,
        name="mentor_agreement_pdf",
    ),
]
