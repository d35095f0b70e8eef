from django.urls import path

from .views import home_evaluation

app_name = "assessment_portal"

urlpatterns = [
    path("", home_evaluation.portal_rounds, name="rounds"),
    path("<int:pk>/", home_evaluation.portal_answer, name="answer"),
]
