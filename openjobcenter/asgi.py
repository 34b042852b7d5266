import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openjobcenter.settings")

django_application = get_asgi_application()

from openjobcenter.core.middleware import LimitBodySizeASGI  # noqa: E402 – needs the app registry

# Oversized request bodies are cut off while they arrive, not after they filled memory or disk.
application = LimitBodySizeASGI(django_application)
