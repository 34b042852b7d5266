from django.urls import URLPattern, URLResolver

app_name = "elearning"

urlpatterns: list[URLPattern | URLResolver] = []
