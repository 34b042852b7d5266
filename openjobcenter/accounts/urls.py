from django.urls import path

from openjobcenter.accounts.views import auth

app_name = "accounts"

urlpatterns = [
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("register/", auth.register, name="register"),
    path("account/", auth.account_settings, name="settings"),
]
