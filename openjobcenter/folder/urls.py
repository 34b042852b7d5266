from django.urls import URLPattern, URLResolver

app_name = "folder"

urlpatterns: list[URLPattern | URLResolver] = []
