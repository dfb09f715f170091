"""The benchmark's logic (src/sl_guide/benchmark.py): the baseline config and the
targets. The measurement itself is `make benchmark`, never part of the tests."""

from __future__ import annotations

import pytest
import yaml

from sl_guide import benchmark
from sl_guide.toolkit import ROOT


def test_baseline_config_is_stock_material_in_its_own_folder(tmp_path):
    path = benchmark.write_baseline_config(tmp_path / "cfg")
    assert path.parent == tmp_path / "cfg" and not (ROOT / path.name).exists()
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert config["INHERIT"] == str(ROOT / "mkdocs.yml") and config["docs_dir"] == str(ROOT / "docs")
    assert config["hooks"] == [] and config["plugins"] == ["search"]
    assert config["extra_css"] == [] and config["extra_javascript"] == []
    custom = tmp_path / "cfg" / "no-overrides"
    assert config["theme"] == {"custom_dir": str(custom), "language": "en"}
    assert custom.is_dir() and not any(custom.iterdir())


def _build_baseline(folder) -> str:
    """The baseline's build (from the session's start, in the background: conftest ``Early``); its home page."""
    benchmark.run_build(folder / "site", config=benchmark.write_baseline_config(folder / "cfg"), strict=False)
    return (folder / "site" / "index.html").read_text(encoding="utf-8")


EARLY = {"test_baseline_builds": _build_baseline}


@pytest.mark.slow
def test_baseline_builds(early_result):
    """The baseline config builds (stock Material: no guide script or style, Material's English)."""
    home = early_result
    assert '<html lang="en"' in home and "guide-scripts" not in home and "section-tools" not in home


def _run(performance=95, fcp=1500.0, lcp=2000.0, tbt=100.0, size=80_000):
    return {"performance": performance, "fcp": fcp, "lcp": lcp, "tbt": tbt, "bytes": size}


def test_targets_per_page():
    base = _run()
    assert benchmark.compare(_run(), base)["all_met"]
    assert benchmark.compare(_run(fcp=1650.0, size=80_000 + 15 * 1024), base)["all_met"]  # at the limits
    missed = benchmark.compare(_run(performance=94, fcp=1651.0, size=80_000 + 15 * 1024 + 1), base)["met"]
    assert missed == {"performance": False, "fcp": False, "bytes": False}
    assert "error" in benchmark.compare({"error": "x"}, base)


def test_median_of_runs():
    runs = [_run(fcp=1400.0), _run(fcp=2000.0), _run(fcp=1500.0), {"error": "timeout"}]
    merged = benchmark.median_run(runs)
    assert merged["fcp"] == 1500.0 and merged["runs"] == 3
    assert benchmark.median_run([{"error": "x"}]) == {"error": "x"}
    # The guide's own long tasks: each script's longest of any run.
    tasks = [[{"script": "section-tools.js", "ms": 80}], [], [{"script": "section-tools.js", "ms": 107},
                                                             {"script": "guide.js", "ms": 51}]]
    merged = benchmark.median_run([{**_run(), "own_long_tasks": t} for t in tasks])
    assert merged["own_long_tasks"] == [{"script": "guide.js", "ms": 51}, {"script": "section-tools.js", "ms": 107}]


def test_builds_only_needs_a_previous_report(tmp_path):
    with pytest.raises(SystemExit, match="run the whole benchmark first"):
        benchmark.main(["--builds-only", "--output", str(tmp_path / "report.md")])
    assert not (tmp_path / "report.md").exists()
