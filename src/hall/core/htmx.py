"""The request type of pages that answer HTMX with a partial (django-htmx sets `.htmx`)."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
