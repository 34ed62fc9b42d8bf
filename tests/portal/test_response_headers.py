"""Pages of a signed-in user and every download stay out of caches; no page may use the
camera, the microphone, the location or payments."""

import pytest
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse
from django.urls import path, reverse


def _file_with_its_own_caching(request):
    response = FileResponse(ContentFile(b"%PDF-1.7", name="quyet-dinh.pdf"), as_attachment=True)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _page_with_its_own_caching(request):
    response = HttpResponse("ok")
    response["Cache-Control"] = "max-age=60"
    return response


urlpatterns = [
    path("file/", _file_with_its_own_caching),
    path("page/", _page_with_its_own_caching),
]


def _directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_signed_in_pages_are_not_stored(login, users):
    response = login(users["staff_a"]).get("/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


def test_downloads_are_not_stored(login, users, job_file):
    # The unit list as Excel, made by a job and then downloaded.
    response = job_file(login(users["office"]), "/units/export/units/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert {"private", "no-store"} <= _directives(response)


@pytest.mark.urls(__name__)
def test_a_file_is_never_cached_even_when_its_view_says_otherwise(client, db):
    response = client.get("/file/")
    assert _directives(response) == {"private", "no-store"}


@pytest.mark.urls(__name__)
def test_a_page_keeps_the_caching_its_view_chose(login, users):
    response = login(users["staff_a"]).get("/page/")
    assert response["Cache-Control"] == "max-age=60"


def test_every_response_forbids_powerful_features(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    policy = {part.strip() for part in response["Permissions-Policy"].split(",")}
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"} <= policy
