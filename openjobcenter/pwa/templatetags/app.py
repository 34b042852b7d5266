from django import template

from openjobcenter.pwa.services import push

register = template.Library()


@register.simple_tag
def push_public_key() -> str:
    """The VAPID key for ``pushManager.subscribe``; empty when push is not set up."""
    return push.public_key()
