"""Finding Dockerfiles below a directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dockerlint_go.discover import SKIPPED_DIRECTORIES, find_dockerfiles, is_dockerfile_name

MATCHING = [
    "Dockerfile",
    "dockerfile",
    "Containerfile",
    "Dockerfile.dev",
    "Dockerfile.",
    "Dockerfile-prod",
    "Containerfile.arm64",
    "api.Dockerfile",
    "api.dockerfile",
    "a.b.Dockerfile",
]
NOT_MATCHING = [
    "DOCKERFILE",
    "DockerFile",
    "dockerfile.dev",
    "Containerfile-prod",
    "containerfile",
    "Dockerfiles",
    "MyDockerfile",
    "Dockerfile.dockerignore",
    "api.Dockerfile.dockerignore",
    "Containerfile.containerignore",
    "Dockerfile~",
    "Dockerfile.orig",
    "Dockerfile.rej",
    "Dockerfile.swp",
    ".Dockerfile",
    "Dockerfile.txt.dockerignore",
    "docker-compose.yml",
    ".dockerignore",
    "Dockerfile.5.md",
    "Dockerfile.md",
    "Dockerfile.txt",
    "Dockerfile.rst",
    "Dockerfile.html",
]


@pytest.mark.parametrize("name", MATCHING)
def test_dockerfile_names(name):
    assert is_dockerfile_name(name)


@pytest.mark.parametrize("name", NOT_MATCHING)
def test_other_names(name):
    assert not is_dockerfile_name(name)


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("FROM scratch\n")


def relative(root: Path, paths: tuple[str, ...]) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


def test_finds_nested_dockerfiles_in_sorted_order(tmp_path):
    touch(
        tmp_path,
        "z/Dockerfile",
        "Dockerfile",
        "a/b/c/api.Dockerfile",
        "a/Containerfile",
        "a-b/Dockerfile.dev",
        "a/README.md",
        "a/b/main.go",
        ".devcontainer/Dockerfile",
    )
    found = find_dockerfiles(str(tmp_path))
    assert found.errors == ()
    assert relative(tmp_path, found.files) == [
        ".devcontainer/Dockerfile",
        "Dockerfile",
        "a-b/Dockerfile.dev",
        "a/Containerfile",
        "a/b/c/api.Dockerfile",
        "z/Dockerfile",
    ]


def test_result_does_not_depend_on_creation_order(tmp_path):
    names = [f"d{i}/Dockerfile" for i in range(30)]
    touch(tmp_path / "one", *names)
    touch(tmp_path / "two", *reversed(names))
    one = relative(tmp_path / "one", find_dockerfiles(str(tmp_path / "one")).files)
    two = relative(tmp_path / "two", find_dockerfiles(str(tmp_path / "two")).files)
    assert one == two == sorted(one)


@pytest.mark.parametrize("skipped", sorted(SKIPPED_DIRECTORIES))
def test_skips_vendored_and_tool_directories(tmp_path, skipped):
    touch(tmp_path, f"{skipped}/Dockerfile", f"src/{skipped}/deep/Dockerfile", "src/Dockerfile")
    assert relative(tmp_path, find_dockerfiles(str(tmp_path)).files) == ["src/Dockerfile"]


def test_a_skipped_directory_named_explicitly_is_searched(tmp_path):
    touch(tmp_path, "vendor/Dockerfile", "vendor/node_modules/Dockerfile")
    found = find_dockerfiles(str(tmp_path / "vendor"))
    assert relative(tmp_path, found.files) == ["vendor/Dockerfile"]


def test_does_not_follow_directory_links_so_loops_end(tmp_path):
    touch(tmp_path, "real/Dockerfile")
    (tmp_path / "real" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    assert relative(tmp_path, find_dockerfiles(str(tmp_path)).files) == ["real/Dockerfile"]


def test_the_root_may_itself_be_a_link(tmp_path):
    touch(tmp_path, "real/Dockerfile")
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    found = find_dockerfiles(str(tmp_path / "alias"))
    assert relative(tmp_path, found.files) == ["alias/Dockerfile"]


def test_follows_file_links_but_ignores_dangling_ones_and_non_files(tmp_path):
    touch(tmp_path, "shared/base.Dockerfile")
    (tmp_path / "Dockerfile").symlink_to(tmp_path / "shared" / "base.Dockerfile")
    (tmp_path / "Dockerfile.gone").symlink_to(tmp_path / "missing")
    (tmp_path / "Dockerfile.dir").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "Dockerfile.fifo")
    assert relative(tmp_path, find_dockerfiles(str(tmp_path)).files) == [
        "Dockerfile",
        "shared/base.Dockerfile",
    ]


def test_an_empty_directory_finds_nothing(tmp_path):
    found = find_dockerfiles(str(tmp_path))
    assert (found.files, found.errors) == ((), ())


def test_a_directory_that_cannot_be_listed_is_reported(tmp_path, monkeypatch):
    touch(tmp_path, "ok/Dockerfile", "locked/Dockerfile")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = find_dockerfiles(str(tmp_path))
    assert relative(tmp_path, found.files) == ["ok/Dockerfile"]
    assert found.errors == ((str(tmp_path / "locked"), "Permission denied"),)


def test_many_files_quickly(tmp_path):
    # 2,000 directories, 1,000 Dockerfiles: a smoke test that the walk stays linear.
    import time

    for i in range(1000):
        touch(tmp_path, f"s{i:04d}/Dockerfile", f"s{i:04d}/x/main.go")
    start = time.perf_counter()
    found = find_dockerfiles(str(tmp_path))
    elapsed = time.perf_counter() - start
    assert len(found.files) == 1000
    assert elapsed < 2.0
