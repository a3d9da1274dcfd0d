"""Replacing a folder by a new one: one writer at a time, in one step, leftovers cleaned.

The site MkDocs builds (hook.py) and the tree `render --out` writes (tree.py) are made in a
staging folder beside their place and swapped in when complete. Beside `site/`:

    .site.lock         held (lockf) by the build writing site/, which writes its pid in it
    .site.building-*   a build's staging folder; after the swap, the previous site, being removed
    .site.old-*        where the previous site waits during a two-rename swap (see put_in_place)

A build that is killed leaves its staging folder; the next one, once it holds the lock (so no
writer that could own them is alive), removes them all. The swap exchanges the two folders' names
in one system call (Linux `renameat2(RENAME_EXCHANGE)`, macOS `renamex_np(RENAME_SWAP)`), so that
`site/` is a complete site at every instant and stays a plain folder: everything that reads it
(GitHub's upload-pages-artifact, `mkdocs gh-deploy`, rsync, a web server) sees what it always saw.
A symbolic link swapped with `os.replace` would be atomic too, but `site/` would become a link,
which `rm -rf site`, `rsync site ...` and `cp -r` treat differently from a folder. Where the file
system cannot exchange names (NFS, FAT, old kernels) two renames are used, and a kill between them
is repaired by the next writer, which puts the retired folder back before anything else.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl  # POSIX only, as the forked workers (speed.py): Linux and macOS
import functools
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BUILDING = "building"
RETIRED = "old"
LOCK = "lock"
# Where the system says it cannot exchange two names; anything else is a real failure.
CANNOT_EXCHANGE = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP})
AT_FDCWD = -100  # renameat2: paths relative to the working folder
RENAME_EXCHANGE = 2  # Linux, <linux/fs.h>
RENAME_SWAP = 2  # macOS, <stdio.h>
# What to do about a failure, by errno; `{elsewhere}` is the way to write somewhere else.
ADVICE = {
    errno.ENOSPC: "the disk is full — free some space on it, or {elsewhere}, then try again",
    errno.EDQUOT: "the disk quota is used up — free some space, or {elsewhere}, then try again",
    errno.EFBIG: "a file is larger than this process may write (`ulimit -f`) — raise the limit, "
                 "or {elsewhere}, then try again",
    errno.EROFS: "that file system is read-only — {elsewhere}",
    errno.EACCES: "this user may not write there — give it write access (`ls -ld` shows the "
                  "owner), or {elsewhere}",
    errno.EPERM: "the system refuses that change (an immutable or protected folder?) — allow it, "
                 "or {elsewhere}",
    errno.ENOTDIR: "a file stands where a folder must be — move it away, or {elsewhere}",
    errno.EEXIST: "a file stands where a folder must be — move it away, or {elsewhere}",
    errno.EBUSY: "the folder is in use (a mount point?) — {elsewhere}",
}
ADVICE_OTHERWISE = "fix that, or {elsewhere}, then try again"


class SwapError(Exception):
    """A folder that cannot be locked, staged or put in place; the message is one line: what
    went wrong and what to do."""


def describe(error: OSError, doing: str, elsewhere: str) -> str:
    """Return one line for a file-system failure: what failed, where, and what to do."""
    where = f" ({error.filename})" if error.filename is not None else ""
    reason = error.strerror or type(error).__name__
    advice = ADVICE.get(error.errno or 0, ADVICE_OTHERWISE).format(elsewhere=elsewhere)
    return f"{doing} failed: {reason}{where}; {advice}"


def _beside(final: Path, kind: str) -> str:
    """Return the name (a prefix, for folders) of what sits beside `final` for `kind`."""
    return f".{final.name}.{kind}" + ("" if kind == LOCK else "-")


@dataclass(frozen=True)
class Target:
    """A folder that is replaced whole: `site/`, or render's output folder."""

    final: Path
    writer: str  # "build", "render": for the messages
    elsewhere: str  # how to write somewhere else instead, for the messages

    @property
    def lock_path(self) -> Path:
        """Return the lock file beside the folder."""
        return self.final.parent / _beside(self.final, LOCK)

    def fail(self, error: OSError, doing: str) -> SwapError:
        """Return the one-line error for a file-system failure while doing `doing`."""
        return SwapError(describe(error, doing, self.elsewhere))


@dataclass
class Lock:
    """The lock on a target, held until `release` or the end of the process."""

    target: Target
    fd: int | None

    def release(self) -> None:
        """Let another writer have the target (closing the file releases the lock)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def acquire(target: Target) -> Lock:
    """Return the target's lock, taken without waiting; raise SwapError if another writer has it.

    A POSIX record lock (lockf): the kernel's, so it ends with its process however that process
    ends (a lock file left by a killed build locks nothing), and, unlike flock, not inherited by
    the forked workers (speed.py), which could outlive a killed build for a moment.
    """
    path = target.lock_path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise target.fail(error, f"preparing {target.final}") from None
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno not in (errno.EAGAIN, errno.EACCES):
            os.close(fd)
            raise target.fail(error, f"preparing {target.final}") from None
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        pid = f" (pid {holder})" if holder.isdigit() else ""
        raise SwapError(f"another {target.writer} is writing {target.final.name}/{pid} — wait "
                        "for it to finish, or stop it, then try again") from None
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    except OSError:
        pass  # the pid only makes the message of a second writer clearer
    return Lock(target, fd)


def _remove(path: Path) -> None:
    """Remove a folder (or a link or file in its place) and all it holds."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def tidy(lock: Lock) -> tuple[bool, int]:
    """Repair and clean what interrupted writers left beside the target; return whether the
    previous folder was put back and how many leftovers were removed.

    Only with the lock held: then no writer that could own a leftover is still running.
    """
    final = lock.target.final
    parent = final.parent
    retired = sorted((path for path in parent.glob(_beside(final, RETIRED) + "*")
                      if (path / final.name).is_dir()),
                     key=lambda path: path.stat().st_mtime, reverse=True)
    restored = False
    try:
        if retired and not final.exists() and not final.is_symlink():
            # Killed between the two renames of put_in_place: the previous folder is complete.
            (retired[0] / final.name).rename(final)
            restored = True
        leftovers = [path for kind in (BUILDING, RETIRED)
                     for path in sorted(parent.glob(_beside(final, kind) + "*"))]
        for path in leftovers:
            _remove(path)
    except OSError as error:
        raise lock.target.fail(error, "removing what an interrupted "
                                      f"{lock.target.writer} left beside {final}") from None
    return restored, len(leftovers)


def check_place(target: Target) -> None:
    """Raise SwapError if a file stands where the target goes (it would be lost in the swap).

    A link is replaced, as it always was: the folder takes its place, what it pointed to stays.
    """
    final = target.final
    if not final.is_symlink() and final.exists() and not final.is_dir():
        raise SwapError(f"{final} is a file, not a folder — move it away, or {target.elsewhere}")


def make_staging(target: Target) -> Path:
    """Return a new, empty staging folder beside the target, readable by a web server."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=_beside(target.final, BUILDING),
                                        dir=target.final.parent))
        os.chmod(staging, 0o755)  # mkdtemp makes it private
    except OSError as error:
        raise target.fail(error, f"making a folder beside {target.final}") from None
    return staging


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """Return the C library of this process, or None where it cannot be loaded."""
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def exchange(one: Path, other: Path) -> bool:
    """Swap the names of two existing paths in one step; return False, having moved nothing,
    where the system or the file system cannot."""
    libc = _libc()
    if libc is None:
        return False
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        call = libc.renameat2
        call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
        result = call(AT_FDCWD, os.fsencode(one), AT_FDCWD, os.fsencode(other), RENAME_EXCHANGE)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        call = libc.renamex_np
        call.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        result = call(os.fsencode(one), os.fsencode(other), RENAME_SWAP)
    else:
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(one), None, str(other))


def rename_twice(final: Path, staging: Path) -> Path:
    """Put `staging` at `final` in two renames; return the folder the previous one went into.

    Killed between the two, `final` is missing and the next writer puts `old/<name>` back (tidy).
    """
    old = Path(tempfile.mkdtemp(prefix=_beside(final, RETIRED), dir=final.parent))
    final.rename(old / final.name)
    try:
        staging.rename(final)
    except OSError:
        (old / final.name).rename(final)
        raise
    return old


def put_in_place(target: Target, staging: Path) -> None:
    """Make `staging` the target folder in one step, then remove the previous one.

    Raise SwapError if it cannot be put in place (the previous folder is then as it was).
    """
    final = target.final
    try:
        if not os.path.lexists(final):
            staging.rename(final)
            return
        # After an exchange the previous folder has the staging folder's name.
        old = staging if exchange(staging, final) else rename_twice(final, staging)
    except OSError as error:
        raise target.fail(error, f"putting the new {final.name}/ in place") from None
    # The new folder is in place; what cannot be removed now the next writer removes.
    shutil.rmtree(old, ignore_errors=True)

