"""OpenID Connect: citizen sign-in (BundID-style, with trust levels), staff single sign-on, step-up.

Modules: ``models`` (provider configuration, linked identities, the demo bank details),
``config`` (configuration from the database with environment defaults), ``client`` (discovery,
authorisation request with PKCE, token exchange, ID token validation), ``trust`` (trust levels as
a rule: the ``trust_level_required`` decorator and the kept action), ``services`` (sign-in,
linking, staff role mapping), ``views`` and ``urls``. See docs/identity.md.
"""
