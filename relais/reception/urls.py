app_name = "reception"
urlpatterns = []
