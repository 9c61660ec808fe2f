from django.urls import path

from openpeel.web.casefiles import views

app_name = "casefiles"

urlpatterns = [
    path("", views.samples, name="samples"),
    path("draw/", views.draw, name="draw"),
    path("<int:sample_pk>/", views.sample, name="sample"),
    path("<int:sample_pk>/files/<int:item_pk>/", views.review, name="review"),
    path("<int:sample_pk>/results/", views.results, name="results"),
    path("<int:sample_pk>/attach/", views.attach, name="attach"),
]
