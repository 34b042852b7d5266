"""State changes of accounts. Each is one function: validate, transaction, audit, then notify.

Import them from here (``from openjobcenter.accounts import services``). Two-factor
authentication has its own module, ``openjobcenter.accounts.two_factor``.
"""

from openjobcenter.accounts.services.accounts import (
    change_password,
    register_citizen,
    request_password_reset,
    resend_verification,
    set_new_password,
    set_preferred_language,
    sign_in,
    update_profile,
    verify_email,
)
from openjobcenter.accounts.services.common import (
    ASSIGNABLE_ROLES,
    LOGIN_JOBCENTER_KEY,
    is_pending_verification,
    normalise_email,
)
from openjobcenter.accounts.services.staff import (
    create_staff_account,
    deactivate_account,
    reactivate_account,
    send_staff_invitation,
    update_staff_account,
)

__all__ = [
    "ASSIGNABLE_ROLES",
    "LOGIN_JOBCENTER_KEY",
    "change_password",
    "create_staff_account",
    "deactivate_account",
    "is_pending_verification",
    "normalise_email",
    "reactivate_account",
    "register_citizen",
    "request_password_reset",
    "resend_verification",
    "send_staff_invitation",
    "set_new_password",
    "set_preferred_language",
    "sign_in",
    "update_profile",
    "update_staff_account",
    "verify_email",
]
