"""The shape of the code: dependencies point inward.

The core (`participation`, without its concept apps) imports no concept app; a concept app imports
the core and nothing of another concept app (they meet through the core's registries); nothing of
`participation` or `announcements` imports the site (`portal`). Read from the source with `ast`, so a
function-local import counts as much as one at the top.
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
CORE = "participation"
CONCEPTS = [
    config.name
    for config in apps.get_app_configs()
    if config.name.startswith(f"{CORE}.") or config.name == "announcements"
]


def package_of(module: str) -> str:
    """The app a module belongs to: the longest app name it starts with, or its first part."""
    names = [name for name in [CORE, *CONCEPTS, "portal"] if module == name or module.startswith(f"{name}.")]
    return max(names, key=len) if names else module.split(".")[0]


def modules_under(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path


def imports_of(path: Path, module: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                base = module.split(".")[: -node.level]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            # `from participation import meetings` names a package through the attribute
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in {CORE, "announcements", "portal"}}


def dependencies() -> dict[str, set[str]]:
    """App → the other apps of the project it imports."""
    result: dict[str, set[str]] = {}
    for folder in ["participation", "announcements", "portal"]:
        for module, path in modules_under(ROOT / folder):
            app = package_of(module)
            targets = {package_of(name) for name in imports_of(path, module)}
            result.setdefault(app, set()).update(target for target in targets if target != app)
    return result


def test_there_are_concept_apps():
    assert {"participation.network", "participation.meetings", "participation.feedback", "participation.cycle"} <= set(
        CONCEPTS
    )


def test_the_core_imports_no_concept_app():
    assert dependencies()[CORE] == set()


@pytest.mark.parametrize("app", CONCEPTS)
def test_a_concept_app_imports_only_the_core(app):
    assert dependencies().get(app, set()) <= {CORE}, f"{app} imports {sorted(dependencies()[app] - {CORE})}"


URL_TAG = re.compile(r"""{%\s*url\s+["']([\w-]+):""")
# URL namespaces every app's templates may name: the core's, the workspace dashboard's, the admin's.
SHARED_NAMESPACES = {"participation", "manage", "admin"}


@pytest.mark.parametrize("app", [CORE, *CONCEPTS])
def test_templates_name_only_their_own_pages_and_the_cores(app):
    """Templates reach another app's pages through the registries (e.g. `{% section_url %}`), never by URL name."""
    config = next(config for config in apps.get_app_configs() if config.name == app)
    folder = Path(config.path) / "templates"
    named = {
        (path.relative_to(folder).as_posix(), namespace)
        for path in folder.rglob("*.html")
        for namespace in URL_TAG.findall(path.read_text())
    }
    foreign = sorted((path, ns) for path, ns in named if ns not in SHARED_NAMESPACES | {config.label})
    assert not foreign, f"{app} templates name other apps' pages: {foreign}"


def test_the_walk_sees_an_import_running_the_wrong_way(tmp_path):
    """The check itself can fail: a core module that imports a concept app is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def f():\n    from participation.meetings.models import Meeting\n    from participation import cycle\n"
    )
    assert {package_of(name) for name in imports_of(bad, "participation.bad")} >= {
        "participation.meetings",
        "participation.cycle",
    }
