from __future__ import annotations

from django import forms
from django.conf import settings

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


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
        from claims.extraction.textio import ExtractionInputError, decode_upload, html_to_text

        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError({"file": "The file is larger than 10 MB."})
            try:
                text = decode_upload(upload.read())
            except ExtractionInputError as exc:
                raise forms.ValidationError({"file": str(exc)})
            name = (upload.name or "").lower()
            if name.endswith((".html", ".htm")) or text.lstrip()[:1] == "<":
                text = html_to_text(text)
            data["body"] = text
        body = data.get("body") or ""
        if not body.strip():
            raise forms.ValidationError("Paste the article text or upload a file.")
        if len(body) > settings.ARTICLE_MAX_CHARS:
            limit = settings.ARTICLE_MAX_CHARS
            raise forms.ValidationError({"body": f"The article is longer than {limit:,} characters."})
        if not (data.get("title") or "").strip():
            data["title"] = body.strip().splitlines()[0][:200]
        return data
