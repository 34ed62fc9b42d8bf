"""No visible link leads where the user may not go.

The demo is loaded once (the fixture of `test_get_never_writes`). For each demo role the
walk opens every pattern of the URLconf with its parameters filled from the demo data (the
pages themselves may answer 404: most objects are out of the role's scope), reads the pages
that answer 200, and then follows every same-origin link (`<a href>`) those pages show,
with GET: each must answer 200 (after the redirects a download or a job page makes),
never 403, 404 or 500, and never send the user to the sign-in page. The pages the links
lead to are read in turn, a few of each pattern, so links two or three clicks deep are
followed too. All eleven demo logins are walked; the four that repeat another role's shape
start from fewer objects (`test_get_never_writes.TWINS`). On every page read, each id an
`aria-describedby` names must exist in it (a help text or an error the template dropped
leaves the screen reader nothing to read).
"""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from django.urls.exceptions import Resolver404

from tests.portal import test_get_never_writes as walker
from units.models import User

demo = walker.demo  # the demo, loaded once for the module
HREF_RE, ROLES, _fill, _patterns = walker.HREF_RE, walker.ROLES, walker._fill, walker._patterns

READ_PER_PATTERN = 3  # pages of one pattern whose links are followed, per role
DESCRIBEDBY_RE = re.compile(r'aria-describedby="([^"]*)"')
ID_RE = re.compile(r'\bid="([^"]+)"')
SIGN_IN_PATHS = ("/login/", "/admin/login/", "/two-factor/verify/")


def _is_html(response) -> bool:
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def _links(html: str) -> list[str]:
    links = []
    for link in HREF_RE.findall(html):
        link = link.replace("&amp;", "&")
        if link.startswith(("/static/", "//")):
            continue
        links.append(link)
    return links


def _dangling_describedby(html: str) -> list[str]:
    ids = set(ID_RE.findall(html))
    return sorted(
        {ref for refs in DESCRIBEDBY_RE.findall(html) for ref in refs.split() if ref not in ids}
    )


@pytest.mark.parametrize("username", ROLES)
def test_every_link_a_page_shows_answers(demo, db, client, settings, username):
    settings.STORAGES, settings.MEDIA_ROOT = demo
    user = User.objects.get(username=username)
    client.force_login(user)
    cache: dict = {}
    start: list[str] = []
    for route, name, _entry in _patterns():
        start.extend(_fill(route, name, cache, walker.samples_for(username)))

    read_per_pattern: dict[str, int] = {}
    checked: dict[str, int] = {}  # link -> final status
    broken: list[str] = []
    dangling: list[str] = []
    to_read: list[tuple[str, object]] = [(url, None) for url in start]
    pages_read = 0

    def get(url):
        response = client.get(url, follow=True)
        if "_auth_user_id" not in client.session:
            client.force_login(user)
        return response

    while to_read:
        url, response = to_read.pop(0)
        if response is None:
            try:
                resolve(urlsplit(url).path)
            except Resolver404:
                continue
            response = get(url)
            final = response.redirect_chain[-1][0] if response.redirect_chain else url
            if urlsplit(final).path.startswith(SIGN_IN_PATHS):
                continue  # a page the role may not open (the admin's sign-in): no links read
        if not _is_html(response):
            continue
        html = response.content.decode(errors="replace")
        pages_read += 1
        for ref in _dangling_describedby(html):
            dangling.append(f"{url}: aria-describedby names #{ref}, not in the page")
        for link in _links(html):
            if link in checked:
                continue
            linked = get(link)
            final = linked.redirect_chain[-1][0] if linked.redirect_chain else link
            status = linked.status_code
            if status == 200 and urlsplit(final).path.startswith(SIGN_IN_PATHS):
                status = 302
            checked[link] = status
            if status != 200:
                broken.append(f"{url} links to {link}: {status}")
                continue
            try:
                pattern = resolve(urlsplit(link).path).route
            except Resolver404:
                continue
            if read_per_pattern.get(pattern, 0) < READ_PER_PATTERN:
                read_per_pattern[pattern] = read_per_pattern.get(pattern, 0) + 1
                to_read.append((link, linked))

    assert not broken, "Links that do not answer 200:\n" + "\n".join(broken)
    assert not dangling, "\n".join(dangling)
    # The walk reached the portal's pages and their links, not an empty site.
    assert pages_read > 10
    assert len(checked) > 30
