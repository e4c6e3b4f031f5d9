"""Every audit kind the code can record, read from the source (for the audit log's test).

Finds each call of `record` imported from `app.audit.services` and works out the action
strings its first argument can take: literals, `"a" if x else "b"`, `"prefix_" + (...)`,
a local variable assigned such an expression, or a parameter filled by the function's
callers in the same module. What cannot be worked out comes back as a pattern with `*`
(an f-string's placeholder), for the test to expand from the code's own tables.
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def audit_kinds() -> set[str]:
    """Every action string (or `*` pattern) passed to the audit log's `record`."""
    kinds: set[str] = set()
    for path in APP.rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        if _imports_record(tree):
            kinds |= _kinds_in(tree)
    return kinds


def _imports_record(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.ImportFrom) and node.module == "app.audit.services"
               and any(alias.name == "record" for alias in node.names)
               for node in ast.walk(tree))


def _kinds_in(tree: ast.Module) -> set[str]:
    kinds: set[str] = set()
    for function in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
        for call in _calls(function, "record"):
            kinds |= _values(call.args[0], function, tree)
    return kinds


def _calls(scope: ast.AST, name: str) -> list[ast.Call]:
    return [n for n in ast.walk(scope) if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name) and n.func.id == name and n.args]


def _values(node: ast.expr, function: ast.FunctionDef, tree: ast.Module) -> set[str]:
    if isinstance(node, ast.Constant):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _values(node.body, function, tree) | _values(node.orelse, function, tree)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return {a + b for a in _values(node.left, function, tree)
                for b in _values(node.right, function, tree)}
    if isinstance(node, ast.JoinedStr):
        return {"".join(p.value if isinstance(p, ast.Constant) else "*" for p in node.values)}
    if isinstance(node, ast.Name):
        return _name_values(node.id, function, tree)
    raise AssertionError(f"cannot tell which audit kinds {ast.unparse(node)} records")


def _name_values(name: str, function: ast.FunctionDef, tree: ast.Module) -> set[str]:
    assigned = [n.value for n in ast.walk(function) if isinstance(n, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)]
    if assigned:
        return set().union(*(_values(value, function, tree) for value in assigned))
    position = [a.arg for a in function.args.args].index(name)
    values: set[str] = set()
    for caller in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
        for call in _calls(caller, function.name):
            values |= _values(call.args[position], caller, tree)
    return values
