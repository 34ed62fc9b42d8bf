"""GET never changes state: every URL of the URLconf, opened with GET by each demo role.

The demo is loaded once. For each role the walk requests every GET-able pattern with its
path parameters filled from the demo data (objects spread over the five organisations, so
some are in the role's scope and most are not), then follows every link the pages show
(objects in scope), a few of each pattern. Two checks:

- every INSERT, UPDATE or DELETE issued while a GET is answered is recorded with its URL
  (a statement-level hook on the connection), and
- the row count and a checksum of the content of every table are compared before and
  after the role's walk.

Tables written on GET by nature, and left out of both checks:
- `django_session`: the session stores the time of the last page opened (the idle
  logout), so a session row changes on every request;
- `portal_downloadrecord`: the download audit writes one row for every file that leaves
  the portal (an export, an attachment, a dossier): that record is the point of the GET;
- `axes_accesslog`, `axes_accessattempt`, `axes_accessfailurelog`: sign-in attempts and
  the lockout (written by the sign-in, which the walk does not use: listed because they
  record requests by nature).
`last_login` is written by a login, never by a GET (the walk signs in before it starts).
"""

import hashlib
import io
import re
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from units.models import User

WRITE_EXEMPT_TABLES = {
    "django_session",
    "portal_downloadrecord",
    "axes_accesslog",
    "axes_accessattempt",
    "axes_accessfailurelog",
}

# Every demo login (devtools/demo/units.py LOGINS). Four repeat the shape of another role
# over other data: a second council member, staff of another school, the office of two more
# organisations. Their walks start from fewer objects per pattern (TWIN_SAMPLES) and rely on
# the links their pages show, in their own scope, so the eleven take about a third longer
# than the seven with a shape of their own.
ROLES = [
    "vanphong",
    "lanhdao",
    "quantri",
    "hoidong1",
    "canbo",
    "thutruong",
    "txvanphong",
    "tpvanphong",
    "hoidong2",
    "canbo2",
    "hnvanphong",
    "hyvanphong",
]
TWINS = {
    "hoidong2": "hoidong1",
    "canbo2": "canbo",
    "hnvanphong": "vanphong",
    "hyvanphong": "txvanphong",
}

# Which model a route's `pk` names (by route name, then by namespace).
PK_MODELS = {
    "generated_file": "portal.GeneratedFile",
    "file_sign": "portal.GeneratedFile",
    "file_sign_server": "portal.GeneratedFile",
    "file_sign_prepare": "portal.GeneratedFile",
    "signed_file": "portal.SignedFile",
    "signed_file_download": "portal.SignedFile",
    "units:signer_remove": "units.Signer",
    "units:person": "units.Person",
    "units:person_edit": "units.Person",
    "units:account": "units.User",
    "units:account_password": "units.User",
    "units:account_deactivate": "units.User",
    "units:role_add": "units.User",
    "units:role_remove": "units.RoleAssignment",
    "units:import_job": "units.ImportJob",
    "initiatives:attachment": "initiatives.Attachment",
    "initiatives:attachment_delete": "initiatives.Attachment",
    "reports:cycle": "reports.ReportingCycle",
    "reports:remind": "reports.ReportingCycle",
    "reports:compiled": "reports.ReportingCycle",
    "reports:attachment": "reports.ReportAttachment",
    "awards:meeting_detail": "awards.CouncilMeeting",
    "awards:history_person": "units.Person",
    "awards:history_unit": "units.Unit",
    "research:detail": "research.ResearchTask",
    "research:edit": "research.ResearchTask",
    "awards:record_create_person": "units.Person",
    "awards:record_create_unit": "units.Unit",
    "awards:record_update": "awards.EmulationRecord",
    "admin:otp_totp_totpdevice_config": "otp_totp.TOTPDevice",
    "admin:otp_totp_totpdevice_qrcode": "otp_totp.TOTPDevice",
    "campaigns:conference": "campaigns.Phase",
    "campaigns:conference_delegate_add": "campaigns.Phase",
    "campaigns:conference_delegate_confirm": "campaigns.ConferenceDelegate",
    "campaigns:conference_invitations": "campaigns.Phase",
    "campaigns:conference_honourees": "campaigns.Phase",
    "publication:campaign": "campaigns.Campaign",
    "publication:round": "awards.AwardRound",
    "publication:comments": "awards.AwardRound",
    "publication:comment_respond": "publication.PublicComment",
    "awards:package_detail": "awards.ForwardedPackage",
    "awards:package_zip": "awards.ForwardedPackage",
    "awards:package_move": "awards.ForwardedPackage",
    "awards:package_forward": "awards.AwardRound",
    "awards:campaign_rollup": "campaigns.Campaign",
}
PK_BY_NAMESPACE = {
    "units": "units.Unit",
    "campaigns": "campaigns.Campaign",
    "initiatives": "initiatives.Initiative",
    "reports": "reports.YearlyReport",
    "awards": "awards.AwardProposal",
    "research": "research.ResearchTask",
}
PK_BY_PREFIX = {"awards:round": "awards.AwardRound", "awards:dossier": "awards.AwardRound"}
PARAM_MODELS = {
    "campaign_pk": "campaigns.Campaign",
    "round_pk": "awards.AwardRound",
    "unit_pk": "units.Unit",
    "person_pk": "units.Person",
    "other_pk": "initiatives.Initiative",
    "criterion_pk": "campaigns.Criterion",
    "evidence_pk": "awards.ProposalEvidence",
}
PARAM_VALUES = {
    "action": ["submit", "withdraw", "send", "return", "recognise", "excuse", "accept"],
    "form": ["0601", "0602", "0603"],
    "fmt": ["pdf", "xlsx"],
    "year": ["2025"],
    "part": ["letter", "list"],
    "uidb64": ["MQ"],
    "token": ["set-password"],
    "object_id": ["1"],
    "content_type_id": ["1"],
    "app_label": ["auth"],
    "url": ["no-such-page/"],
    "step": ["phases", "awards", "criteria", "rubric"],
}
SAMPLES = 3  # objects per model, spread over the whole table (several organisations)
TWIN_SAMPLES = 1  # for a role that repeats another's shape (TWINS): the table's last object
FOLLOWED = 2  # linked URLs followed per pattern and role


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = entry.namespace or ""
            full = f"{namespace}:{space}" if namespace and space else (space or namespace)
            yield from _patterns(entry, prefix + str(entry.pattern), full)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name or "", entry


def _model_for(name: str, param: str):
    if param != "pk" and param in PARAM_MODELS:
        return PARAM_MODELS[param]
    if param == "pk":
        if name in PK_MODELS:
            return PK_MODELS[name]
        for prefix, label in PK_BY_PREFIX.items():
            if name.startswith(prefix):
                return label
        return PK_BY_NAMESPACE.get(name.split(":")[0])
    return None


def samples_for(username: str) -> int:
    """Objects per model a role's walk starts from."""
    return TWIN_SAMPLES if username in TWINS else SAMPLES


def _samples(label: str, cache: dict, samples: int = SAMPLES) -> list[str]:
    if label not in cache:
        ids = list(apps.get_model(label).objects.order_by("pk").values_list("pk", flat=True))
        if not ids:
            cache[label] = ["999999"]
        elif samples == 1:
            cache[label] = [str(ids[-1])]  # the newest: the organisations seeded last
        else:
            spread = {ids[round(i * (len(ids) - 1) / (samples - 1))] for i in range(samples)}
            cache[label] = [str(pk) for pk in sorted(spread)]
    return cache[label]


PARAM_RE = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def _fill(route: str, name: str, cache: dict, samples: int = SAMPLES) -> list[str]:
    """URLs of a pattern with its parameters filled from the demo data."""
    params = [m.group("name") or m.group("rname") for m in PARAM_RE.finditer(route)]
    if not params:
        return ["/" + route.replace("^", "").replace("$", "")]
    values = {}
    for param in params:
        label = _model_for(name, param)
        if label is not None:
            values[param] = _samples(label, cache, samples)
        elif param == "token" and name == "certificate_verify":
            tokens = apps.get_model("awards.AwardCertificate").objects.values_list(
                "token", flat=True
            )
            values[param] = list(tokens[:2]) or ["no-such-token"]
        else:
            values[param] = PARAM_VALUES.get(param, ["1"])
    width = max(len(v) for v in values.values())
    urls = []
    for i in range(width):
        url = route.replace("^", "").replace("$", "")
        for param in params:
            value = values[param][i % len(values[param])]
            url = PARAM_RE.sub(
                lambda m, p=param, v=value: (
                    v if (m.group("name") or m.group("rname")) == p else m[0]
                ),
                url,
                count=1,
            )
        urls.append("/" + url)
    return urls


def _checksums() -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row of every table (exempt tables left out)."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in WRITE_EXEMPT_TABLES:
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")  # noqa: S608
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
                count += 1
            result[table] = (count, digest.hexdigest())
    return result


WRITE_RE = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)", re.IGNORECASE
)


class WriteRecorder:
    def __init__(self):
        self.url = None
        self.writes = []

    def __call__(self, execute, sql, params, many, context):
        match = WRITE_RE.match(sql)
        if match and match.group(1) not in WRITE_EXEMPT_TABLES and self.url is not None:
            self.writes.append((self.url, match.group(1), sql[:120]))
        return execute(sql, params, many, context)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the module and rolled back after it; its files are kept
    in one folder for the module. Yields the storage settings of that folder."""
    media = str(tmp_path_factory.mktemp("demo-media"))
    storages = {
        **django_settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=storages, MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        yield storages, media
        transaction.set_rollback(True)


HREF_RE = re.compile(r'href="(/[^"#]*)"')


@pytest.mark.parametrize("username", ROLES)
def test_no_get_request_writes_to_the_database(demo, db, client, settings, username):
    settings.STORAGES, settings.MEDIA_ROOT = demo  # where the demo's files are
    user = User.objects.get(username=username)
    client.force_login(user)
    cache: dict = {}
    queue: list[str] = []
    requested: set[str] = set()
    per_pattern: dict[str, int] = {}
    patterns_requested: set[str] = set()
    all_patterns = set()
    for route, name, _entry in _patterns():
        all_patterns.add(route.replace("^", ""))  # resolve() drops the anchors too
        queue.extend(_fill(route, name, cache, samples_for(username)))

    recorder = WriteRecorder()
    before = _checksums()
    with connection.execute_wrapper(recorder):
        while queue:
            url = queue.pop(0)
            if url in requested:
                continue
            requested.add(url)
            path = urlsplit(url).path
            try:
                match = resolve(path)
            except Resolver404:
                continue
            patterns_requested.add(match.route.replace("^", ""))
            recorder.url = url
            response = client.get(url)
            recorder.url = None
            if "_auth_user_id" not in client.session:
                client.force_login(user)
            content_type = response.get("Content-Type", "")
            if response.status_code == 200 and content_type.startswith("text/html"):
                for link in HREF_RE.findall(response.content.decode(errors="replace")):
                    link = link.replace("&amp;", "&")
                    if link in requested or link.startswith("/static/"):
                        continue
                    try:
                        linked = resolve(urlsplit(link).path).route
                    except Resolver404:
                        continue
                    if per_pattern.get(linked, 0) < FOLLOWED:
                        per_pattern[linked] = per_pattern.get(linked, 0) + 1
                        queue.append(link)
    after = _checksums()

    assert recorder.writes == []
    changed = sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))
    assert changed == []
    # Every pattern of the URLconf was requested (the admin's catch-all included).
    assert all_patterns - patterns_requested == set()
