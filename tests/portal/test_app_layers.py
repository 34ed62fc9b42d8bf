"""The apps depend on each other in one direction only, the domain's: the shared core, then
units, campaigns, initiatives and research tasks, yearly reports, awards, the API. The project
wiring (config) sits on top, and the development tools (devtools) on top of everything: no app
imports them.

Read from the source with ast: every `import`, `from ... import` (also inside functions)
and `apps.get_model("<app>", ...)` of each app package, migrations left out."""

import ast
from pathlib import Path

from django.conf import settings

CORE = "portal"
# What each app may use besides itself. An app above may use everything its layers use.
ALLOWED = {
    "portal": set(),
    "units": {"portal"},
    "campaigns": {"portal", "units"},
    "initiatives": {"portal", "units", "campaigns"},
    "research": {"portal", "units", "campaigns"},
    "reports": {"portal", "units", "campaigns", "initiatives", "research"},
    "awards": {"portal", "units", "campaigns", "initiatives", "research", "reports"},
    "publication": {
        "portal",
        "units",
        "campaigns",
        "initiatives",
        "research",
        "reports",
        "awards",
    },
    "api": {"portal", "units", "campaigns", "initiatives", "research", "reports", "awards"},
    "config": {
        "portal",
        "units",
        "campaigns",
        "initiatives",
        "research",
        "reports",
        "awards",
        "publication",
        "api",
    },
    "devtools": {
        "config",
        "api",
        "portal",
        "units",
        "campaigns",
        "initiatives",
        "research",
        "reports",
        "awards",
        "publication",
    },
}
# The core's sign-in and download audit ask units for roles and scope (who must give a second
# factor, whose downloads an administrator reads); nothing else in the core knows an app.
CORE_MODULES_USING_UNITS = {"portal/audit.py", "portal/twofactor.py"}


def _targets(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value.split(".")[0]


def app_imports() -> dict[tuple[str, str], set[str]]:
    """(app, app it uses) -> the files that use it."""
    base = Path(settings.BASE_DIR)
    uses: dict[tuple[str, str], set[str]] = {}
    for app in ALLOWED:
        for path in sorted((base / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for target in _targets(ast.parse(path.read_text(encoding="utf-8"))):
                top = target.split(".")[0]
                if top in ALLOWED and top != app:
                    uses.setdefault((app, top), set()).add(path.relative_to(base).as_posix())
    return uses


def test_every_app_package_is_checked():
    local = {p.parent.name for p in Path(settings.BASE_DIR).glob("*/__init__.py") if p.parent.name}
    assert local - {"tests"} == set(ALLOWED)


def test_apps_depend_only_downwards():
    wrong = {}
    for (app, used), files in app_imports().items():
        if used in ALLOWED[app]:
            continue
        if app == CORE and used == "units":
            files = files - CORE_MODULES_USING_UNITS
            if not files:
                continue
        wrong[f"{app} -> {used}"] = sorted(files)
    assert wrong == {}


def test_the_layers_have_no_cycle():
    uses = app_imports()
    graph = {app: {used for (a, used) in uses if a == app} for app in ALLOWED}
    graph[CORE] -= {"units"}  # the two modules named above, checked there
    done, path = set(), []

    def visit(app):
        assert app not in path, " -> ".join([*path, app])
        if app in done:
            return
        path.append(app)
        for used in graph[app]:
            visit(used)
        path.pop()
        done.add(app)

    for app in graph:
        visit(app)


def test_reports_and_awards_no_longer_import_each_other():
    uses = app_imports()
    assert ("awards", "reports") in uses  # a yearly report is evidence for a proposal
    assert ("reports", "awards") not in uses


def test_no_production_app_imports_the_development_tools():
    users = sorted(app for (app, used) in app_imports() if used == "devtools")
    assert users == []
