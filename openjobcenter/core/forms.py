"""Form rendering in the KERN UX style: label, hint, error tied to the field, value kept.

The renderer reads templates through the project's TEMPLATES setting, so the widget templates in
``templates/django/forms/widgets/`` add the KERN classes to every input.
"""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class KernFormRenderer(TemplatesSetting):
    form_template_name = "forms/kern_form.html"
    field_template_name = "forms/kern_field.html"
