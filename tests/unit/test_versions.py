"""The store on disk, versioned (store/versions.py), on directories only: one pointer changed in a single
rename, readers holding their version, one build at a time, leftovers of killed builds removed."""

from __future__ import annotations

import json
import os

import pytest

from balises.errors import StoreError
from balises.store import versions
from balises.store.versions import MANIFEST, build_lock, collect, current, lease, new_version, publish, stray


def complete(store, note: str):
    version = new_version(store)
    (version / MANIFEST).write_text(json.dumps({"note": note}), encoding="utf-8")
    return version


def test_publish_points_the_store_at_a_version(tmp_path):
    store = tmp_path / "store"
    first = complete(store, "first")
    publish(store, first)
    assert store.is_symlink() and current(store) == first
    second = complete(store, "second")
    publish(store, second)
    assert current(store) == second and not os.path.isabs(os.readlink(store))
    assert collect(store).removed == [first.name] and stray(store) == []


def test_a_version_a_reader_holds_is_kept(tmp_path):
    store = tmp_path / "store"
    publish(store, first := complete(store, "first"))
    held = lease(store)
    publish(store, complete(store, "second"))
    report = collect(store)
    assert report.in_use == [first.name] and first.is_dir()
    held.release()
    assert collect(store).removed == [first.name]


def test_what_a_killed_build_left_is_removed_and_named(tmp_path):
    store = tmp_path / "store"
    publish(store, complete(store, "first"))
    half = new_version(store)  # no manifest: killed while writing
    later = complete(store, "never published")  # killed between its manifest and its swap
    (store.parent / f".{store.name}.link-999").symlink_to(later)
    report = collect(store)
    assert sorted(report.interrupted) == sorted([half.name, later.name, f".{store.name}.link-999"])
    assert "leftover(s) of an interrupted build" in report.summary() and stray(store) == []


def test_a_store_of_the_former_layout_is_adopted(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / MANIFEST).write_text("{}", encoding="utf-8")
    assert current(store) == store and lease(store).version == store
    publish(store, complete(store, "new"))
    assert store.is_symlink() and len(list(versions.versions_dir(store).iterdir())) == 2


def test_one_build_at_a_time(tmp_path):
    store = tmp_path / "store"
    with build_lock(store):
        with pytest.raises(StoreError, match="another build .* running .*--wait"):
            with build_lock(store):
                pass
    with build_lock(store):
        pass


def test_no_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no store at .*balises build"):
        lease(tmp_path / "nowhere")  # the message says what to run
