"""The app runs on the project's dependencies alone: no module of it imports a package that
only the dev group installs (pypdf once was, and a server installed without the dev group
would have failed on its first packet)."""

import ast
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
APP_PACKAGES = ("lbp_clinic", "patients", "plans", "exercises", "education")


def names(requirements) -> set[str]:
    return {canonicalize_name(Requirement(text).name) for text in requirements}


def dev_only() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return names(project["dependency-groups"]["dev"]) - names(project["project"]["dependencies"])


def imported_distributions(path: Path, owners=None) -> set[str]:
    owners = owners or packages_distributions()  # top-level module -> distributions
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        for module in modules:
            for distribution in owners.get(module.split(".")[0], []):
                found.add(canonicalize_name(distribution))
    return found


def test_app_modules_import_no_dev_only_package():
    owners, dev = packages_distributions(), dev_only()
    files = [path for package in APP_PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]
    assert len(files) > 100
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_distributions(path, owners) & dev)
        for path in [*files, ROOT / "manage.py"]
    }
    assert {path: found for path, found in offenders.items() if found} == {}


def test_the_check_knows_the_dev_only_packages():
    assert {"pypdf", "pytest", "hypothesis", "playwright"} <= dev_only()
    found = imported_distributions(ROOT / "tests" / "test_documents.py") & dev_only()
    assert found == {"pypdf", "pytest"}
