from django import forms


class ReasonForm(forms.Form):
    """The optional reason a moderator gives on the site's remove and restore buttons (MOD-3).

    Rendered as `{{ reason_form.reason }}`, built with auto_id=False: one page holds a form
    per item, and ids would repeat.
    """

    reason = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "reason", "aria-label": "reason"}),
    )
