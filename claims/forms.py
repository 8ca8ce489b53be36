from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .services import article_text, default_title


class IngestForm(forms.Form):
    """Paste an article or upload a UTF-8 text/HTML file. Parsing only; rules live in services."""

    title = forms.CharField(max_length=500, required=False, help_text="Defaults to the first line of the text.")
    source = forms.CharField(max_length=200, required=False, label="Source (outlet)")
    author = forms.CharField(max_length=300, required=False)
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https", label="URL")
    published = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), required=False, strip=False, label="Text")
    file = forms.FileField(required=False, help_text="A .txt or .html file in UTF-8 (at most 10 MB).")

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            data["body"] = article_text(data.get("body"), data.get("file"))
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict)
        if not (data.get("title") or "").strip():
            data["title"] = default_title(data["body"])
        return data
