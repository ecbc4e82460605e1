from django import forms


class ReasonForm(forms.Form):
    """The optional reason a moderator gives on the site (MOD-3)."""

    reason = forms.CharField(max_length=500, required=False)
