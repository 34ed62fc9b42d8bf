"""Every dependency is installed at a pinned version checked against its hash: the locks
(make lock) agree with pyproject.toml, and every requirement there has an upper bound."""

import re
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

BASE = Path(settings.BASE_DIR)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _project():
    return tomllib.loads((BASE / "pyproject.toml").read_text())["project"]


def _requirements(*extras):
    project = _project()
    names = list(project["dependencies"])
    for extra in extras:
        names += project["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


def _lock(name):
    """{package: version} of a lock file, after checking each pin carries its hashes."""
    text = (BASE / name).read_text()
    pins = {}
    for block in re.split(r"\n(?=\S)", text):
        match = PIN.match(block)
        if match:
            assert "--hash=sha256:" in block, f"{match[1]} has no hash in {name}"
            pins[canonicalize_name(match[1])] = match[2]
    return pins


@pytest.mark.parametrize(
    ("lock", "extras"), [("requirements.lock", ("dev",)), ("requirements-prod.lock", ())]
)
def test_every_dependency_is_pinned_in_the_lock_within_its_range(lock, extras):
    pins = _lock(lock)
    for requirement in _requirements(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {lock}: run make lock"
        assert requirement.specifier.contains(pins[name]), (
            f"{lock} pins {name}=={pins[name]}, outside {requirement}: run make lock"
        )


def test_the_production_lock_holds_no_development_tool():
    prod = _lock("requirements-prod.lock")
    for requirement in _requirements("dev"):
        if requirement not in _requirements():
            assert canonicalize_name(requirement.name) not in prod


def test_production_and_development_run_the_same_versions():
    full, prod = _lock("requirements.lock"), _lock("requirements-prod.lock")
    assert {name: full.get(name) for name in prod} == prod


def test_every_requirement_has_an_upper_bound():
    for requirement in _requirements("dev"):
        assert any(spec.operator in {"<", "<=", "==", "~="} for spec in requirement.specifier), (
            f"{requirement} has no upper bound"
        )
