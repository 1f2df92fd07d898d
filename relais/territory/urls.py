from django.urls import path

from relais.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("sites/<int:pk>/", views.site_detail, name="site"),
]
