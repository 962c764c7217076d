"""What every form of every app shares: controls described for screen readers, the date widget.

Here, below the apps, so the routines', the monitoring's and the web's forms build on one base.
"""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField


class DescribedBoundField(BoundField):
    """Points a control's aria-describedby at its help text and its error messages."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.field.widget.use_fieldset:
            return attrs  # a group of boxes is described on its <fieldset>
        ids = [f"{self.auto_id}_helptext"] if self.help_text else []
        if self.errors:
            ids.append(f"{self.auto_id}_error")
        if ids:
            attrs["aria-describedby"] = " ".join(ids)
        return attrs


class AccessibleForm(forms.Form):
    bound_field_class = DescribedBoundField


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
