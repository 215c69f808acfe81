"""Files written whole (system/atomic.py), the options' types (options.py), the engine's crashes explained
(store/crashes.py), the malloc arenas (system/memory.py)."""

from __future__ import annotations

import argparse
import errno

import pytest

from balises import options
from balises.errors import InputError
from balises.store.crashes import ORDER_BY_PANIC, explain
from balises.system import atomic


def test_a_file_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "f.ttl"
    target.write_text("old", encoding="utf-8")
    atomic.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(OSError):
        atomic.write_text(target, "newer")
    assert target.read_text(encoding="utf-8") == "new" and [p.name for p in tmp_path.iterdir()] == ["f.ttl"]


def test_an_output_needs_a_folder_that_exists(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        atomic.write_output(tmp_path / "absent" / "x.csv", b"x")
    with pytest.raises(InputError, match="it is a folder"):
        atomic.write_output(tmp_path, b"x")


@pytest.mark.parametrize("kind, text", [("port", "99999"), ("port", "http"), ("count", "0"), ("count", "-1"),
                                        ("seconds", "nan"), ("seconds", "inf"), ("seconds", "-5"), ("seconds", "x")])
def test_bad_option_values_are_argparse_errors(kind, text):
    with pytest.raises(argparse.ArgumentTypeError):
        getattr(options, kind)(text)


def test_good_option_values():
    assert options.port("7878") == 7878 and options.count("3") == 3 and options.seconds("2.5") == 2.5


def test_the_engine_s_last_words_explained():
    assert "ORDER BY STR(?x)" in explain(f"thread panicked: user-provided comparison function {ORDER_BY_PANIC}", 3072)
    assert "more than 3072 MiB" in explain("memory allocation of 4096 bytes failed", 3072)
    # a thread the engine cannot start under the address-space limit is the same exhaustion
    assert "more than 3072 MiB" in explain("what():  Resource temporarily unavailable", 3072)
    assert explain("boom", 1).endswith("boom")


def test_a_build_limits_its_malloc_arenas_unless_the_user_did(monkeypatch):
    """system/memory.py: glibc's mallopt accepts the limit (this machine is glibc's); a MALLOC_ARENA_MAX the user
    set is theirs."""
    import platform

    from balises.system.memory import fewer_arenas

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    if platform.libc_ver()[0] == "glibc":
        assert fewer_arenas() is True
    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    assert fewer_arenas() is False
