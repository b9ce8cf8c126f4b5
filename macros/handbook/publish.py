"""Build the site into a fresh folder and swap it in atomically: `python -m handbook.publish`.

`make build` runs this. A build that fails leaves site/ exactly as it was, and a build killed at any
moment (even with SIGKILL) leaves site/ complete: either the previous site or the new one, never
nothing and never a mix. On Linux the swap is one renameat2(RENAME_EXCHANGE) call.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

SITE = Path("site")
NEW = Path(".site-new")
OLD = Path(".site-old")  # only the non-atomic fallback of swap_in uses it
LOCK = Path(".site-lock")  # held while a build runs, so that two builds never share .site-new

# The steps of a run, in order; HANDBOOK_KILL_AFTER names one of them (see _checkpoint).
STEPS = ("clear-leftovers", "build", "exchange", "remove-old")

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# What renameat2 answers where the call or the flag is not supported: fall back to two renames.
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP})


def swap_in(new: Path, site: Path) -> None:
    """Make the complete folder `new` become `site` atomically, then remove the previous site.

    A symbolic link at `site` is replaced (its target is left alone), as os.replace would; a
    regular file at `site` is refused, since it was not made by a build.
    """
    old = exchange(new, site)
    if old is not None:
        remove(old)


def exchange(new: Path, site: Path) -> Path | None:
    """Put `new` in place of `site` in one step; return where the previous site now is, if any.

    Where renameat2(RENAME_EXCHANGE) works, the previous site ends up at `new`'s path and `site`
    is never absent. Elsewhere the fallback is two renames, through `.<site>-old`.
    """
    if not os.path.lexists(site):
        os.rename(new, site)
        return None
    if not site.is_symlink() and not site.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder; move it away", str(site))
    if _rename_exchange(new, site):
        return new
    # Not atomic: killed between these two renames, there is no site/ until the next run of
    # main(), which puts the previous site back from `.<site>-old` (see clear_leftovers).
    old = site.with_name(f".{site.name}-old")
    remove(old)
    os.rename(site, old)
    os.rename(new, site)
    return old


def _rename_exchange(first: Path, second: Path) -> bool:
    """Swap two paths with Linux's renameat2(RENAME_EXCHANGE); False where it is not supported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # a C library without renameat2 (glibc before 2.28)
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:  # an old kernel, or a filesystem without RENAME_EXCHANGE
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def remove(path: Path) -> None:
    """Remove a folder tree, a link or a file at `path`; nothing there is fine."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def clear_leftovers(new: Path, site: Path) -> None:
    """Undo what a killed run left: a partial or previous build at `new`, a site at `.<site>-old`."""
    remove(new)
    old = site.with_name(f".{site.name}-old")
    if not os.path.lexists(site) and old.is_dir():
        os.rename(old, site)  # killed inside the non-atomic fallback: the previous site is complete
    remove(old)


def _checkpoint(step: str) -> None:
    """For the tests only: SIGKILL this process right after `step` if HANDBOOK_KILL_AFTER names it.

    A kill from outside lands wherever the timing puts it; this lets a test kill a run at every step
    boundary, deterministically, and check that site/ is complete each time.
    """
    if os.environ.get("HANDBOOK_KILL_AFTER") == step:
        os.kill(os.getpid(), signal.SIGKILL)


def publish(new: Path = NEW, site: Path = SITE) -> int:
    """Build into `new` with `mkdocs build --strict`, then swap it in; return the exit status."""
    clear_leftovers(new, site)
    _checkpoint("clear-leftovers")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(new)]
    status = subprocess.run(command, check=False).returncode
    if status != 0:
        remove(new)
        print(f"handbook.publish: the build failed; {site}/ is unchanged", file=sys.stderr)
        return status if status > 0 else 1
    _checkpoint("build")
    old = exchange(new, site)
    _checkpoint("exchange")
    if old is not None:
        remove(old)
    _checkpoint("remove-old")
    return 0


@contextlib.contextmanager
def one_build_at_a_time(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on `lock` (never through a symbolic link); a second build waits, and says so."""
    handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"handbook.publish: another build of this project is running; waiting for it to finish "
                  f"({lock} is locked)", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def main(argv: list[str] | None = None) -> int:
    """Run `mkdocs build --strict` in the current folder and swap the result into site/."""
    argparse.ArgumentParser(
        prog="python -m handbook.publish",
        description=f"Build the site with 'mkdocs build --strict' into {NEW}/ and swap it into {SITE}/ "
                    f"atomically. A failed or killed build leaves {SITE}/ complete. Run it in the project root.",
    ).parse_args(argv)
    kill_after = os.environ.get("HANDBOOK_KILL_AFTER")
    if kill_after and kill_after not in STEPS:
        print(f"handbook.publish: error: HANDBOOK_KILL_AFTER={kill_after} is not one of {', '.join(STEPS)}",
              file=sys.stderr)
        return 2
    try:
        with one_build_at_a_time(LOCK):
            return publish()
    except OSError as exc:
        print(f"handbook.publish: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
