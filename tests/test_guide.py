"""The member's guide directives and the published schemas, built in a small site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOTS, sphinx_build
from sphinx_council.core.settings import RuleSettings
from sphinx_council.decisions.checks import FIELDS
from sphinx_council.decisions.lifecycle import STATUSES, TRANSITIONS
from sphinx_council.decisions.roster import QUORUM
from sphinx_council.guide.directives import lifecycle_groups, vote_rules
from sphinx_council.guide.schemas import decision_schema, dump

GUIDE = """\
---
orphan: true
---

# Recording a decision

```{decision-lifecycle}
```

```{decision-fields}
```

```{decision-vote-rules}
```

```{decision-schemas}
```
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("guide")
    src = Path(shutil.copytree(ROOTS / "test-site", work / "src"))
    (src / "guide.md").write_text(GUIDE, "utf-8")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text("utf-8")
        + 'council_areas = ["standards", "tools", "pypi", "governance", "space"]\n'
        + 'html_baseurl = "https://council.example/"\n',
        "utf-8",
    )
    result = sphinx_build(src, work / "out", "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return work / "out"


def test_schema_is_published_with_the_sites_vocabulary(built: Path) -> None:
    text = (built / "schemas" / "decision.schema.json").read_text("utf-8")
    settings = RuleSettings(areas=("standards", "tools", "pypi", "governance", "space"))
    assert text == dump(
        decision_schema(settings, "https://council.example/schemas/decision.schema.json")
    )
    assert json.loads(text)["properties"]["areas"]["items"]["enum"][-1] == "space"


def test_the_guide_links_to_the_schema(built: Path) -> None:
    html = (built / "guide.html").read_text("utf-8")
    assert 'href="schemas/decision.schema.json"' in html


def test_every_status_is_a_box_with_links_to_its_next_statuses(built: Path) -> None:
    html = (built / "guide.html").read_text("utf-8")
    for status in STATUSES:
        assert f'id="lifecycle-{status}"' in html
        for target in TRANSITIONS[status]:
            assert f'href="#lifecycle-{target}"' in html
    assert html.count("Final: a record stays here.") == 3


def test_lifecycle_groups_cover_every_status_once() -> None:
    grouped = [status for _, statuses in lifecycle_groups() for status in statuses]
    assert sorted(grouped) == sorted(STATUSES)
    assert lifecycle_groups()[0][1] == ["draft", "proposed"]
    assert lifecycle_groups()[2][1] == ["rejected", "withdrawn", "superseded"]


def test_every_field_is_listed_with_the_sites_vocabulary(built: Path) -> None:
    html = (built / "guide.html").read_text("utf-8")
    for rule in FIELDS:
        assert f'<span class="pre">{rule.name}</span>' in html
        assert (
            rule.description.replace("'", "&#8217;")[:20] in html or rule.description[:20] in html
        )
    assert '<span class="pre">history[].closes</span>' in html
    assert "one of: standards, tools, pypi, governance, space" in html


def test_vote_rules_follow_the_checks() -> None:
    assert f"At least {QUORUM} members must vote yes or no" in vote_rules()[1]


def test_a_rebuild_writes_the_same_schema_bytes(built: Path, tmp_path: Path) -> None:
    first = (built / "schemas" / "decision.schema.json").read_bytes()
    src = built.parent / "src"
    result = sphinx_build(src, built, "-W")
    assert result.returncode == 0, result.stderr
    assert (built / "schemas" / "decision.schema.json").read_bytes() == first


def test_the_lifecycle_picture_comes_before_the_status_boxes(built: Path) -> None:
    html = (built / "guide.html").read_text("utf-8")
    assert html.count("<svg") == 1
    assert html.index("<svg") < html.index('id="lifecycle-draft"')
    assert 'aria-labelledby="council-lifecycle-0-title council-lifecycle-0-desc"' in html
    assert html.count('class="council-lifecycle-arrow"') == sum(map(len, TRANSITIONS.values()))
