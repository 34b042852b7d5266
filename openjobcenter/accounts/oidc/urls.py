"""URLs of the OpenID Connect part, added to the accounts namespace by ``accounts/urls.py``."""

from django.urls import path

from openjobcenter.accounts.oidc import views

urlpatterns = [
    path("login/oidc/callback/", views.callback, name="oidc_callback"),
    path("login/oidc/<str:purpose>/", views.start, name="oidc_start"),
    path("account/step-up/", views.step_up, name="step_up"),
    path("account/identity/", views.identity, name="identity"),
    path("account/identity/unlink/", views.unlink, name="identity_unlink"),
    path("account/bank-details/", views.bank_details, name="bank_details"),
    path("staff/identity/", views.admin_settings, name="identity_settings"),
]
