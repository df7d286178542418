"""The pull request's report of what its merge publishes: made by a read-only CI job, posted by
a workflow that runs none of the pull request's code, as one comment edited on each push."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

WORKFLOWS = Path(__file__).parent.parent / ".github" / "workflows"


def workflow(name: str) -> Any:
    return YAML(typ="safe").load((WORKFLOWS / name).read_text("utf-8"))


def test_ci_makes_the_report_in_a_read_only_job_with_the_whole_history() -> None:
    ci = workflow("ci.yml")
    assert ci["permissions"] == {"contents": "read"}
    job = ci["jobs"]["changes"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert "permissions" not in job and isinstance(job["timeout-minutes"], int)
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"] == {"persist-credentials": False, "fetch-depth": 0}
    (report,) = [step for step in job["steps"] if "council changes" in step.get("run", "")]
    lines = report["run"].splitlines()
    assert (
        'council changes "origin/$BASE_REF" --format markdown > council-changes/changes.md' in lines
    )
    assert 'cat council-changes/changes.md >> "$GITHUB_STEP_SUMMARY"' in lines
    assert "printf '%s\\n' \"$PR_NUMBER\" > council-changes/pr-number" in lines
    assert report["env"] == {
        "BASE_REF": "${{ github.base_ref }}",
        "PR_NUMBER": "${{ github.event.pull_request.number }}",
    }
    upload = job["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert (upload["with"]["name"], upload["with"]["path"]) == (
        "council-changes",
        "council-changes/",
    )


def comment_job() -> dict[str, Any]:
    (job,) = workflow("changes-comment.yml")["jobs"].values()
    return dict(job)


def test_the_comment_reads_the_ci_runs_artifact_never_the_code() -> None:
    posting = workflow("changes-comment.yml")
    assert posting["on"] == {"workflow_run": {"workflows": ["CI"], "types": ["completed"]}}
    assert workflow("ci.yml")["name"] == "CI"
    job = comment_job()
    assert job["if"] == "github.event.workflow_run.event == 'pull_request'"
    download, script = job["steps"]
    assert download["with"] == {
        "name": "council-changes",
        "path": "${{ runner.temp }}/council-changes",
        "run-id": "${{ github.event.workflow_run.id }}",
        "github-token": "${{ github.token }}",
    }
    assert script["if"] == "steps.report.outcome == 'success'" and download["id"] == "report"
    assert not any("checkout" in step.get("uses", "") or "run" in step for step in job["steps"])


def script() -> str:
    return str(comment_job()["steps"][1]["with"]["script"])


def test_the_comment_is_found_by_its_marker_and_edited() -> None:
    code = script()
    assert "const MARKER = '<!-- council-changes -->';" in code
    assert "github.paginate(github.rest.issues.listComments" in code
    assert "c.user.login === 'github-actions[bot]' && (c.body || '').startsWith(MARKER)" in code
    # One comment: edited when it is there, added only when it is not.
    edit, add = code.index("updateComment"), code.index("createComment")
    assert code.index("if (ours)") < edit < code.index("} else {") < add
    assert code.count("createComment") == 1


def test_the_artifact_is_untrusted() -> None:
    code = script()
    assert "if (!/^[0-9]{1,9}$/.test(number))" in code
    assert "pull.head.sha !== process.env.HEAD_SHA" in code
    assert "const LIMIT = 60000;" in code and "report.slice(0, LIMIT)" in code
    assert "read('changes.md', LIMIT + 1)" in code and "read('pr-number', 32)" in code
    assert "if (!stat.isFile())" in code and "fs.lstatSync" in code
    assert "report.replaceAll('@', '@\\u2060')" in code


def test_the_comment_links_the_read_the_docs_preview_of_the_pull_request() -> None:
    code = script()
    project = workflow("changes-comment.yml")["env"]["READTHEDOCS_PROJECT"]
    assert re.fullmatch(r"[a-z0-9-]+", project)
    assert "`https://${project}--${issue_number}.org.readthedocs.build/en/${issue_number}/`" in code
