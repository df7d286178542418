"""The Publish workflow: GitHub Pages on every push to main and every Monday morning, built as
of that day, and a weekly PEP index refresh proposed as a pull request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

REPO = Path(__file__).parent.parent


def workflow() -> Any:
    return YAML(typ="safe").load((REPO / ".github/workflows/publish.yml").read_text("utf-8"))


def test_publishes_on_push_and_every_monday_morning() -> None:
    found = workflow()
    triggers = found["on"]
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"] == [{"cron": "0 6 * * 1"}]
    build = found["jobs"]["build"]
    runs = [step.get("run", "") for step in build["steps"]]
    assert "python3 noxfile.py -s docs" in runs
    # A scheduled run is built as of its own day, 00:00 UTC; a push as of its commit.
    (date,) = [step for step in build["steps"] if step.get("name") == "Build date"]
    assert date["if"] == "github.event_name != 'push'"
    assert 'epoch=$(date -u -d "$(date -u +%F)" +%s)' in date["run"]
    assert 'echo "SOURCE_DATE_EPOCH=$epoch" >> "$GITHUB_ENV"' in date["run"]
    deploy = found["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert [step["uses"] for step in deploy["steps"]] == ["actions/deploy-pages@v4"]


def test_the_weekly_job_refreshes_the_pep_index_in_a_pull_request() -> None:
    peps = workflow()["jobs"]["peps"]
    assert peps["if"] == "github.event_name != 'push'"
    runs = "\n".join(step.get("run", "") for step in peps["steps"])
    assert "council peps refresh" in runs
    (pull_request,) = [s for s in peps["steps"] if "create-pull-request" in s.get("uses", "")]
    assert pull_request["with"]["add-paths"] == "peps/"
    # The folder the refresh writes is the one the site's build reads.
    conf = (REPO / "docs" / "conf.py").read_text("utf-8")
    assert 'council_pep_index = "../peps"' in conf
    assert (REPO / "peps" / "peps.json").is_file()
    assert (REPO / "peps" / "pep-status-history.json").is_file()
