"""The apps depend one way: reviewers depends on claims, never the reverse (issue 12).

``lint-imports`` (the contracts in .importlinter) checks the whole layering in the test command;
this test checks the claims/reviewers rule on its own, including the imports a contract can miss:
function-local imports and ``import_module("reviewers...")`` / ``apps.get_model("reviewers", ...)``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, imported name) for every import in the module, at any depth, and string imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module))
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in ("import_module", "get_model", "__import__") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    out.append((node.lineno, first.value))
    return out


def imports_of_package(package: str, forbidden: str) -> list[str]:
    hits = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue  # migrations name the models they depend on; they are not code paths
        for line, name in _imports_of(path):
            if name == forbidden or name.startswith(forbidden + ".") or name.split(".")[0] == forbidden:
                hits.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return hits


def test_claims_never_imports_reviewers():
    assert imports_of_package("claims", "reviewers") == []


def test_the_check_sees_function_local_and_string_imports(tmp_path, monkeypatch):
    pkg = tmp_path / "fake"
    pkg.mkdir()
    (pkg / "mod.py").write_text(
        "import os\n"
        "def f():\n    from reviewers.models import Verdict\n    return Verdict\n"
        "def g(apps):\n    return apps.get_model('reviewers', 'Verdict')\n"
        "def h():\n    import importlib\n    return importlib.import_module('reviewers.services')\n"
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert [h.split(" imports ")[1] for h in imports_of_package("fake", "reviewers")] == [
        "reviewers.models", "reviewers", "reviewers.services"]


def test_the_review_side_connects_what_claims_announces():
    """Without the receivers, extraction would queue nothing and corrections would skip the checks."""
    from claims import signals

    connected = {key[0][0] for signal in (signals.claims_ready_for_review, signals.claims_grouped,
                                          signals.claim_correcting, signals.claims_withdrawn)
                 for key in signal.receivers}
    assert {"reviewers.queue_top", "reviewers.mark_group", "reviewers.check_correctable",
            "reviewers.withdraw_claims"} <= connected


def test_the_import_contracts_are_kept():
    """The same check scripts/test.sh runs (`lint-imports`, contracts in .importlinter)."""
    import subprocess
    import sys

    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "2 kept, 0 broken" in done.stdout


APPS = ("accounts", "claims", "desk", "exports", "factcheck", "idempotency", "integrations", "publishing", "reviewers")
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 500, 80


def oversized(roots: list[Path]) -> list[str]:
    """Modules over MAX_MODULE_LINES and functions over MAX_FUNCTION_LINES (issue 12: a newcomer finds
    a rule in a module whose name says what it holds, read in one sitting)."""
    found = []
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            if text.count("\n") > MAX_MODULE_LINES:
                found.append(f"{name}: {text.count(chr(10))} lines")
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    length = node.end_lineno - node.lineno + 1
                    if length > MAX_FUNCTION_LINES:
                        found.append(f"{name}:{node.lineno} {node.name}() {length} lines")
    return found


def test_no_module_over_500_lines_and_no_function_over_80():
    assert oversized([ROOT / app for app in APPS]) == []


def test_the_size_check_finds_a_long_module_and_a_long_function(tmp_path):
    (tmp_path / "long.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    (tmp_path / "fn.py").write_text("def f():\n" + "    pass\n" * MAX_FUNCTION_LINES)
    assert oversized([tmp_path]) == [f"{tmp_path / 'fn.py'}:1 f() 81 lines", f"{tmp_path / 'long.py'}: 501 lines"]
