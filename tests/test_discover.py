"""Finding scorecards among files and folders: parts that another file includes are not scorecards."""

from __future__ import annotations

from pathlib import Path

from kpicascade.discover import scorecard_files


def _tree(root: Path) -> None:
    files = {
        "acme.yaml": "account: Acme\naccount_id: acme\ninclude: [parts/sales.yaml]\n",
        "parts/sales.yaml": "nodes: []\n",
        "globex.yml": "account_id: globex\n",
        "nested/deeper/initech.yaml": "# Initech\naccount_id:   initech\n",
        "notes.txt": "account_id: not-yaml\n",
        "acme.actuals.csv": "id,period,value\n",
        "broken.yaml": "account_id: [\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_a_folder_gives_its_scorecards_sorted_and_skips_parts(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in scorecard_files([tmp_path])] == [
        "acme.yaml",
        "broken.yaml",
        "globex.yml",
        "nested/deeper/initech.yaml",
    ]


def test_a_file_named_explicitly_is_kept_even_if_it_is_a_part(tmp_path: Path) -> None:
    _tree(tmp_path)
    part = tmp_path / "parts" / "sales.yaml"
    assert scorecard_files([part]) == [part]
    assert scorecard_files([tmp_path / "nowhere.yaml"]) == [tmp_path / "nowhere.yaml"]  # check reports it


def test_each_file_once_in_the_order_given(tmp_path: Path) -> None:
    _tree(tmp_path)
    acme, globex = tmp_path / "acme.yaml", tmp_path / "globex.yml"
    assert scorecard_files([globex, acme, globex]) == [globex, acme]
    assert scorecard_files([acme, tmp_path]).count(acme) == 1


def test_an_unreadable_file_in_a_folder_is_kept_for_the_loader_to_report(tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").mkdir()  # a folder with a .yaml name is not a file
    (tmp_path / "ok.yaml").write_text("account_id: ok\n")
    assert scorecard_files([tmp_path]) == [tmp_path / "ok.yaml"]


def test_finding_scorecards_looks_at_as_much_of_a_file_as_the_loader_reads() -> None:
    from kpicascade import _yaml, discover

    assert discover.MAX_BYTES == _yaml.MAX_BYTES


def test_an_account_id_far_down_the_file_or_across_the_first_read_is_found(tmp_path: Path) -> None:
    from kpicascade import discover

    far = tmp_path / "far.yaml"
    far.write_text("# notes\n" * 10_000 + "account_id: far\n", encoding="utf-8")  # 80 KB of comments first
    across = tmp_path / "across.yaml"
    across.write_bytes(b"#" * (discover._HEAD - 6) + b"\naccount_id: across\n")  # the key starts before 64 KB
    part = tmp_path / "part.yaml"
    part.write_text("# notes\n" * 10_000 + "nodes: []\n", encoding="utf-8")
    assert scorecard_files([tmp_path]) == [across, far]
