"""The layout of generator/ (docs/development.md): stages import only the stages above them,
there are no import cycles, and no module imports another of ours inside a function."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
FOUNDATIONS = {"errors", "i18n", "messages", "numbers", "periods", "cache"}
# What each folder may import besides the foundations (docs/development.md).
ALLOWED = {
    "read": set(),
    "git": set(),
    "judge": {"read", "git"},
    "learning": {"read"},
    "documents": {"read", "judge"},
    "issued": {"read", "git", "judge", "learning", "documents"},
    "site": {"read", "git", "judge", "learning", "documents", "issued"},
    "demo": {"git"},
    "cli": {"read", "git", "judge", "learning", "documents", "issued", "site", "demo"},
}


def _modules() -> dict[str, tuple[Path, list[tuple[ast.ImportFrom, str, bool]]]]:
    """Each module's dotted name, file, and imports of ours: (node, target module, inside a function)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = parts[:-1]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        local = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for n in ast.walk(f)}
        found = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + (node.module.split(".") if node.module else []))
                found.append((node, target, id(node) in local))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
                found.append((node, node.module or "", id(node) in local))
        out[name] = (path, found)
    return out


def test_no_module_imports_one_of_ours_inside_a_function() -> None:
    inside = [f"{path.relative_to(PACKAGE.parent)}:{node.lineno}" for path, found in _modules().values() for node, _, local in found if local]
    assert not inside, inside


def test_stages_import_only_the_stages_above_them() -> None:
    wrong = []
    for name, (path, found) in _modules().items():
        parts = name.split(".")
        if len(parts) < 3 and parts[-1] in FOUNDATIONS | {"generator"}:
            allowed_pkgs: set[str] = FOUNDATIONS
            me = parts[-1]
        else:
            me = parts[1]
            allowed_pkgs = FOUNDATIONS | ALLOWED[me] | {me}
        for node, target, _ in found:
            stage = target.split(".")[1] if target.count(".") else target
            if stage not in allowed_pkgs:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {me} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_there_are_no_import_cycles() -> None:
    modules = _modules()
    graph = {name: {t for _, t, _ in found if t in modules and t != name} for name, (_, found) in modules.items()}
    # `from . import x` names a module x of the package, not the package itself
    for name, (_, found) in modules.items():
        for node, target, _ in found:
            for alias in node.names:
                if f"{target}.{alias.name}" in modules:
                    graph[name].add(f"{target}.{alias.name}")
    seen: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                cycle.extend(trail[trail.index(nxt):] + [node, nxt] if nxt in trail else [node, nxt])
                return True
            if nxt not in seen and visit(nxt, trail + [node]):
                return True
        seen[node] = 2
        return False

    for start in sorted(graph):
        if start not in seen and visit(start, []):
            break
    assert not cycle, " -> ".join(cycle)
