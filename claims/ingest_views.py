from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.decorators import perm_required

from .forms import IngestForm
from .services import ingest_article


@perm_required("claims.add_article")
def ingest(request: HttpRequest) -> HttpResponse:
    form = IngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = ingest_article(
                title=d["title"], body=d["body"], source=d["source"], url=d["url"], author=d["author"],
                published=d["published"], user=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if not result.queued:
                messages.warning(request, "Article stored; extraction starts when the task queue is back.")
            elif result.created:
                messages.success(request, "Article stored; claims are being extracted.")
            elif result.requeued:
                messages.info(request, "This article was stored before; its extraction is queued again.")
            else:
                messages.info(request, "This article was stored before; here it is.")
            if result.ignored:
                messages.warning(request, f"The same text was stored before, so what you entered for its "
                                          f"{_words(result.ignored)} was not used: the stored article keeps its "
                                          "own. An editor changes it in the admin (Articles), then re-extracts "
                                          "the article.")
            return redirect("article-detail", pk=result.article.pk)
    return render(request, "claims/ingest.html", {"form": form}, status=400 if form.errors else 200)


def _words(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
