"""A URL conf for tests/scale/test_rows.py: two ids, a formatted id, a bounded id."""

from django.http import HttpResponse
from django.urls import path, re_path, register_converter


class Padded:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:06d}"


register_converter(Padded, "padded")


def view(request, **kwargs):
    return HttpResponse("")


urlpatterns = [
    path("a/<int:x>/b/<int:y>/", view, name="two"),
    path("p/<padded:x>/", view, name="padded"),
    re_path(r"^short/(?P<x>[0-9]{1,3})/$", view, name="short"),
    path("s/<str:x>/", view, name="str"),
    path("plain/", view, name="plain"),
]
