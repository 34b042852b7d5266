from django.urls import path

from openjobcenter.accounts.oidc.urls import urlpatterns as oidc_urlpatterns
from openjobcenter.accounts.views import auth, password, registration, settings, staff, two_factor

app_name = "accounts"

urlpatterns = [
    # Sign-in and sign-out
    path("login/", auth.login_view, name="login"),
    path("login/2fa/", two_factor.verify, name="two_factor"),
    path("logout/", auth.logout_view, name="logout"),
    # Registration and e-mail verification
    path("register/", registration.register, name="register"),
    path("register/sent/", registration.register_done, name="register_done"),
    path("register/verify/<str:token>/", registration.verify_email, name="verify_email"),
    path("register/new-link/", registration.resend_verification, name="resend_verification"),
    # Forgotten password and invitations
    path("password/reset/", password.password_reset, name="password_reset"),
    path("password/reset/sent/", password.password_reset_sent, name="password_reset_sent"),
    path(
        "password/reset/<str:uidb64>/<str:token>/",
        password.set_password,
        {"purpose": "reset"},
        name="password_reset_confirm",
    ),
    path("invitation/<str:uidb64>/<str:token>/", password.set_password, {"purpose": "invitation"}, name="invitation"),
    # Account settings and two-factor authentication
    path("account/", settings.account_settings, name="settings"),
    path("account/password/", settings.password_change, name="password_change"),
    path("account/2fa/setup/", two_factor.setup, name="two_factor_setup"),
    path("account/2fa/recovery-codes/", two_factor.recovery_codes, name="recovery_codes"),
    path("account/2fa/recovery-codes/new/", two_factor.regenerate_recovery_codes, name="regenerate_recovery_codes"),
    path("account/2fa/disable/", two_factor.disable, name="two_factor_disable"),
    # Staff management (Jobcenter admins)
    path("staff/people/", staff.people, name="staff_people"),
    path("staff/people/new/", staff.person_create, name="staff_person_create"),
    path("staff/people/<int:pk>/", staff.person_edit, name="staff_person_edit"),
    path("staff/people/<int:pk>/deactivate/", staff.person_deactivate, name="staff_person_deactivate"),
    path("staff/people/<int:pk>/reactivate/", staff.person_reactivate, name="staff_person_reactivate"),
    path("staff/people/<int:pk>/invite/", staff.person_invite, name="staff_person_invite"),
    path("staff/people/<int:pk>/reset-2fa/", staff.person_reset_two_factor, name="staff_person_reset_two_factor"),
    # OpenID Connect: BundID, staff single sign-on, step-up (accounts/oidc/)
    *oidc_urlpatterns,
]
