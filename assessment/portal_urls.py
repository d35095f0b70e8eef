from django.urls import path

from . import views

app_name = "assessment_portal"

urlpatterns = [
    path("", views.portal_rounds, name="rounds"),
    path("<int:pk>/", views.portal_answer, name="answer"),
]
