"""The package's architecture, checked: each layer imports only from the layers below it, and no cycles.

Every ``import`` in every module counts, at module level or inside a function (a lazy import still couples
the modules). The layers, bottom to top, are listed in README → Layout.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "geomap"

# Bottom to top. A module belongs to the first entry whose name is it or a parent package of it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("geomap.model", "geomap.errors", "geomap.text", "geomap.geodesy", "geomap._atomic",
              "geomap._paths", "geomap._version", "geomap._once")),
    ("data", ("geomap.gazetteer", "geomap.boundaries", "geomap.divisions", "geomap.reverse")),
    ("stages", ("geomap.document", "geomap.recognize", "geomap.resolve", "geomap.claims", "geomap.timeexpr",
                "geomap.incidents", "geomap.geocoders")),
    ("pipeline", ("geomap.pipeline",)),
    ("outputs", ("geomap.export", "geomap.render")),
    ("batch", ("geomap.batch",)),
    ("cli", ("geomap.cli", "geomap.__main__")),
]
# The package root only re-exports the public API (lazily); it sits above everything and nothing imports it.
ROOT = "geomap"
MAX_LINES = 600


def module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def layer_of(mod: str) -> int:
    for i, (_name, prefixes) in enumerate(LAYERS):
        if any(mod == p or mod.startswith(p + ".") for p in prefixes):
            return i
    raise AssertionError(f"{mod} is in no layer: add it to LAYERS (and to README → Layout)")


def imports_of(mod: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The geomap modules that ``mod`` imports anywhere in its body."""
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == ROOT)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = mod.split(".") if is_pkg else mod.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != ROOT:
                continue
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in modules]
            out.update(subs if len(subs) == len(node.names) else [*subs, target])
    out.discard(mod)
    return {m for m in out if m in modules}


def graph() -> dict[str, set[str]]:
    modules = all_modules()
    return {m: imports_of(m, p, modules) for m, p in modules.items()}


def test_every_module_has_a_layer():
    for mod in all_modules():
        if mod != ROOT:
            layer_of(mod)


def test_no_upward_imports():
    upward = []
    for mod, targets in graph().items():
        if mod == ROOT:
            continue
        for t in targets:
            if t == ROOT:
                upward.append(f"{mod} -> {t} (the package root is the public API: import the module itself)")
            elif layer_of(t) > layer_of(mod):
                upward.append(f"{mod} ({LAYERS[layer_of(mod)][0]}) -> {t} ({LAYERS[layer_of(t)][0]})")
    assert not upward, "upward imports:\n" + "\n".join(sorted(upward))


def test_no_import_cycles():
    g = graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(g.get(m, ())):
            if state.get(t) == 1:
                cycles.append([*stack[stack.index(t):], t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(g):
        if m not in state:
            visit(m)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_module_over_the_size_limit():
    big = {m: n for m, p in all_modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def test_the_checker_sees_an_upward_edge_and_a_cycle(tmp_path):
    """The checks above can fail: a made-up base module importing the CLI is upward, and a pair is a cycle."""
    mods = {"geomap.model": tmp_path / "m.py", "geomap.cli": tmp_path / "c.py"}
    mods["geomap.model"].write_text("def f():\n    from .cli import main\n", encoding="utf-8")
    mods["geomap.cli"].write_text("from .model import Place\n", encoding="utf-8")
    g = {m: imports_of(m, p, mods) for m, p in mods.items()}
    assert g == {"geomap.model": {"geomap.cli"}, "geomap.cli": {"geomap.model"}}
    assert layer_of("geomap.cli") > layer_of("geomap.model")


def test_every_subpackage_is_installed():
    """pyproject lists packages explicitly: a new sub-package missing there would be left out of installs."""
    text = (PKG.parent / "pyproject.toml").read_text(encoding="utf-8")
    listed = set(re.findall(r'"(geomap(?:\.\w+)*)"', text.split("packages = [", 1)[1].split("]", 1)[0]))
    found = {module_name(p.parent) for p in PKG.rglob("__init__.py")}
    assert found <= listed, f"sub-packages missing from pyproject.toml packages: {sorted(found - listed)}"
