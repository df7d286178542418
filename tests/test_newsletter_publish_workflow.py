"""The Publish workflow: GitHub Pages on every push to main and every Monday morning, built as
of that day from main with the week's PEP index and releases, committed when they pass
``council check`` and proposed as a pull request when they do not."""

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
    assert [step["uses"] for step in deploy["steps"]] == ["actions/deploy-pages@v5"]


def test_monday_refresh_commits_what_passes_the_check_and_proposes_what_fails() -> None:
    jobs = workflow()["jobs"]
    refresh = jobs["refresh"]
    assert refresh["if"] == "github.event_name != 'push' && github.ref == 'refs/heads/main'"
    steps = refresh["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "council peps refresh" in runs and "council releases refresh" in runs
    # Checked before anything is committed; what passes goes straight to main...
    (check,) = [s for s in steps if s.get("id") == "check"]
    assert 'council check > "$RUNNER_TEMP/refresh/check.txt" 2>&1' in check["run"]
    (commit,) = [s for s in steps if s.get("id") == "commit"]
    assert commit["if"] == "steps.check.outputs.passed == 'yes'"
    assert (
        "git add peps/ releases/" in commit["run"] and "git push origin HEAD:main" in commit["run"]
    )
    # ...what fails goes, with the check's report, to the job that proposes it.
    (upload,) = [s for s in steps if "upload-artifact" in s.get("uses", "")]
    assert upload["if"] == "steps.check.outputs.passed == 'no'"
    assert upload["with"]["path"] == "${{ runner.temp }}/refresh/"
    assert refresh["outputs"]["passed"] == "${{ steps.check.outputs.passed }}"
    assert "pull-requests" not in refresh["permissions"]
    propose = jobs["propose"]
    assert propose["needs"] == "refresh"
    assert propose["if"] == "needs.refresh.outputs.passed == 'no'"
    (proposal,) = [s for s in propose["steps"] if "create-pull-request" in s.get("uses", "")]
    assert proposal["with"]["add-paths"].split() == ["peps/", "releases/"]
    assert proposal["with"]["body-path"] == "${{ runner.temp }}/pull-request.md"
    # The site is built from the refreshed commit, after the refresh, and on a push without it.
    build = jobs["build"]
    assert build["needs"] == "refresh"
    assert "needs.refresh.result != 'failure'" in build["if"]
    (checkout,) = [s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout")]
    assert checkout["with"]["ref"] == "${{ needs.refresh.outputs.sha || github.sha }}"
    assert "needs.build.result == 'success'" in jobs["deploy"]["if"]
    # The folders the refresh writes are the ones the site's build reads.
    conf = (REPO / "docs" / "conf.py").read_text("utf-8")
    assert 'council_pep_index = "../peps"' in conf
    assert 'council_release_snapshot = "../releases"' in conf
    assert (REPO / "peps" / "peps.json").is_file()
    assert (REPO / "releases" / "releases.json").is_file()


def test_monday_issue_is_recorded_as_published_after_deploying() -> None:
    record = workflow()["jobs"]["record"]
    assert record["needs"] == ["build", "deploy"]
    assert record["if"] == "github.event_name != 'push' && github.ref == 'refs/heads/main'"
    assert record["permissions"] == {"contents": "write"}
    # The issue recorded is the one the build just published, as of the same date.
    assert record["env"]["SOURCE_DATE_EPOCH"] == "${{ needs.build.outputs.epoch }}"
    script = " ".join(step.get("run", "") for step in record["steps"])
    assert 'council digest "$week" --record' in script
    assert "git push origin HEAD:main" in script


def test_the_site_is_built_for_the_address_pages_reports() -> None:
    jobs = workflow()["jobs"]
    build = jobs["build"]
    (pages,) = [s for s in build["steps"] if s.get("id") == "pages"]
    # Read from the repository's Pages settings (a custom domain included), not configured by
    # actions/configure-pages, which still runs on Node 20.
    assert 'gh api "repos/$GITHUB_REPOSITORY/pages" --jq .html_url' in pages["run"]
    assert 'echo "base_url=${url%/}" >> "$GITHUB_OUTPUT"' in pages["run"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    (site,) = [s for s in build["steps"] if s.get("run") == "python3 noxfile.py -s docs"]
    assert site["env"]["COUNCIL_BASE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert build["outputs"]["base_url"] == "${{ steps.pages.outputs.base_url }}"
    # The jobs after it make the e-mail and the record for the same address.
    for job in ("record", "mail"):
        assert jobs[job]["env"]["COUNCIL_BASE_URL"] == "${{ needs.build.outputs.base_url }}/"
