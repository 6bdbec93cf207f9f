from django.urls import path

from engage.impact import views

app_name = "impact"

urlpatterns = [
    path("partner-report/<int:pk>/", views.partner_report, name="partner_report"),
]
