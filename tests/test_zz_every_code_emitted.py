"""Every code any test emits is declared, and every declared code is emitted by at least one test.

`conftest.py` records each finding built during the session (through `Code.finding`, the one way
to build one) and this module runs last (conftest's `pytest_collection_modifyitems`). It can only
judge a session that ran every test module: a partial run (one file, `-k`) is skipped with that
reason, and fails under CI=true, where the whole suite always runs.
"""

from __future__ import annotations

import os

import pytest
from tests.conftest import LAST_MODULE, REPO

from cicmaroc.rules.registry import BY_CODE


def _whole_suite_ran(request: pytest.FixtureRequest) -> bool:
    ran = {item.path.name for item in request.session.items}
    return {p.name for p in (REPO / "tests").glob("test_*.py")} <= ran


@pytest.fixture
def whole_suite(request: pytest.FixtureRequest) -> None:
    if not _whole_suite_ran(request):
        reason = "only the whole test suite can tell whether every declared code is emitted by a test"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true runs the whole suite)", pytrace=False)
        pytest.skip(reason)


def test_this_module_runs_last(request: pytest.FixtureRequest):
    assert request.session.items[-1].path.name == LAST_MODULE


def test_every_emitted_code_is_declared(pytestconfig: pytest.Config):
    emitted = pytestconfig.cic_emitted  # type: ignore[attr-defined]
    assert emitted, "no finding was recorded: the recorder in conftest.py is not working"
    assert set(emitted) <= set(BY_CODE), sorted(set(emitted) - set(BY_CODE))


def test_every_message_gets_exactly_its_placeholders(pytestconfig: pytest.Config):
    assert pytestconfig.cic_mismatched == []  # type: ignore[attr-defined]


def test_every_message_key_emitted_is_declared(pytestconfig: pytest.Config):
    for code, keys in pytestconfig.cic_emitted.items():  # type: ignore[attr-defined]
        declared = set(BY_CODE[code].messages)
        assert {k for k in keys if not k.startswith("recode ")} <= declared, code


def test_every_declared_code_is_emitted_by_a_test(pytestconfig: pytest.Config, whole_suite: None):
    missing = sorted(set(BY_CODE) - set(pytestconfig.cic_emitted))  # type: ignore[attr-defined]
    assert missing == [], f"declared but emitted by no test: {missing}"

