from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.decorators import perm_required

from . import selectors
from .models import Article


@perm_required("claims.view_article")
def article_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.article_list(), 50).get_page(request.GET.get("page"))
    return render(request, "claims/article_list.html", {"page": page})


@perm_required("claims.view_article")
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    claims = list(selectors.article_claims(article))
    return render(request, "claims/article_detail.html", {"article": article, "claims": claims})
