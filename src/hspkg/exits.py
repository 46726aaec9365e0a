"""How a run of ``hspkg`` ends: one line on stderr and an exit code for every error, mapped in one place.

:data:`EXIT_CODES` maps each error class to its code (1 = the work failed, 2 = bad
input); ``--debug`` shows the traceback too. The library names the argument at
fault as Python does (``as_of``); :func:`worded` says it as the option that sets
it (``--as-of``). SIGTERM and Ctrl-C end the run with their conventional codes,
files being written removed on the way out; a reader that goes away (``| head``)
ends it quietly with 0, as for any Unix tool.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from functools import cache

import click

from .atomic import discard_pending
from .cli import Run, cli
from .errors import HspkgError, InputError, WorkError, one_line

# The most specific class first: the first that matches gives the exit code.
EXIT_CODES: dict[type[HspkgError], int] = {InputError: 2, WorkError: 1, HspkgError: 1}


def worded(error: HspkgError) -> str:
    """The error as the command line says it: the API argument it names becomes the option that sets it.

    >>> from hspkg.errors import InputError
    >>> worded(InputError("applies to the memberships and partners views, not to full", argument="as_of", value=2010))
    '--as-of 2010: applies to the memberships and partners views, not to full'
    >>> worded(InputError("no such file"))
    'no such file'
    """
    option = _options().get(error.argument or "")
    if option is None:
        return str(error)
    value = error.value
    if value is True:  # a flag: its name says it all
        return f"{option}: {error.reason}"
    shown = f"{value:g}" if isinstance(value, float) else os.fspath(value) if isinstance(value, os.PathLike) else value
    if shown == "":
        shown = "''"  # else the option would seem to have no value at all
    return f"{option} {shown}: {error.reason}"


@cache
def _options() -> dict[str, str]:
    """The long option that sets each API argument, read from the commands themselves (as_of: --as-of)."""
    return {p.name: max(p.opts, key=len) for c in cli.commands.values() for p in c.params if isinstance(p, click.Option) and p.name}


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that files being written are removed on the way out."""


class Interrupted(BaseException):
    """Ctrl-C, raised as this rather than KeyboardInterrupt: click catches that and writes a blank line before our one line."""


_ending = threading.Event()  # set by the first signal: a second one, while the run is ending, is not raised again


def _raise(signum: int, frame: object) -> None:
    """SIGTERM and Ctrl-C as exceptions, where the program is; only the first: the run is then ending."""
    if not _ending.is_set():
        _ending.set()
        raise Terminated if signum == signal.SIGTERM else Interrupted


# How long the main thread has to end the run itself after a signal, before the watcher does.
GRACE = 0.3
_CODES: dict[int, int] = {int(signal.SIGINT): 130, int(signal.SIGTERM): 128 + signal.SIGTERM}


class _Watcher:
    """Ends the run on Ctrl-C or SIGTERM even while the main thread is inside native code.

    Python runs signal handlers in the main thread between bytecodes; a long
    query keeps that thread inside Oxigraph (which lets other threads run), so
    the handler would wait for the query. The C-level handler still writes the
    signal's number to a wakeup pipe at once: this thread reads it and, if the
    main thread has not begun to end the run within :data:`GRACE` seconds,
    removes the files being written and exits with the signal's code.
    """

    def __init__(self) -> None:
        self._ending = threading.Lock()  # held by whichever thread ends the run
        self.read, self.write = os.pipe()
        os.set_blocking(self.write, False)
        self.previous = signal.set_wakeup_fd(self.write, warn_on_full_buffer=False)
        self.thread = threading.Thread(target=self._watch, daemon=True, name="hspkg-signals")
        self.thread.start()

    def _watch(self) -> None:
        while (received := os.read(self.read, 1)) and received[0] != 0:
            code = _CODES.get(received[0])
            if code is None or signal.getsignal(received[0]) not in (_raise, signal.default_int_handler):
                continue  # a signal this run does not end on, or one a command handles itself (serve)
            time.sleep(GRACE)
            if not self._ending.acquire(blocking=False):
                return  # the main thread is ending the run
            os._exit(_ended(code))

    def end(self) -> None:
        """Called by the main thread as it ends the run on a signal; waits if the watcher is already ending it."""
        if not self._ending.acquire(blocking=False):
            time.sleep(10)  # the watcher exits the process in a moment

    def stop(self) -> None:
        signal.set_wakeup_fd(self.previous)
        with contextlib.suppress(OSError):
            os.write(self.write, b"\0")
        self.thread.join(1)
        for fd in (self.read, self.write):
            with contextlib.suppress(OSError):
                os.close(fd)


def _ended(code: int) -> int:
    """End a run on a signal: remove the files being written, say so in one line; ``code`` back, to exit with."""
    discard_pending()  # a file whose name was taken as the signal came is not yet inside atomic()'s cleanup
    _off_the_line()
    _say("interrupted" if code == _CODES[signal.SIGINT] else "terminated")
    return code


def _off_the_line() -> None:
    """On a terminal, start the message at the line's start, over the ^C it echoed (a progress bar may have cleared it already)."""
    with contextlib.suppress(OSError, ValueError):
        if sys.stderr.isatty():
            sys.stderr.write("\r\x1b[K")


def _say(message: str) -> None:
    """One printable line on stderr, whatever the message holds (an endpoint's escape sequences, NUL bytes)."""
    click.echo(f"hspkg: {one_line(message, limit=2000)}", err=True)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return its exit code. The ``hspkg`` script calls this."""
    args = sys.argv[1:] if argv is None else argv
    run = Run()  # click's context object: the group fills it in from --debug
    stdout = sys.stdout
    _ending.clear()
    previous = signal.signal(signal.SIGTERM, _raise)
    # Ctrl-C as our own exception, unless it is ignored (a background job): the run then goes on, as before
    previous_int = signal.signal(signal.SIGINT, _raise) if signal.getsignal(signal.SIGINT) is signal.default_int_handler else None
    watcher = _Watcher() if threading.current_thread() is threading.main_thread() else None
    try:
        cli.main(args=args, prog_name="hspkg", standalone_mode=False, obj=run)
        return 0
    except click.exceptions.Exit as e:
        return e.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt, Interrupted, Terminated) as e:
        if watcher:
            watcher.end()
        return _ended(_CODES[signal.SIGTERM if isinstance(e, Terminated) else signal.SIGINT])
    except click.ClickException as e:
        # click's usage errors, folded onto one line like ours
        _say(f"error: {e.format_message()}")
        return 2
    except HspkgError as e:
        if run.debug:
            import traceback

            traceback.print_exc()
        _say(f"error: {worded(e)}")
        return next(code for cls, code in EXIT_CODES.items() if isinstance(e, cls))
    except (BrokenPipeError, SystemExit) as e:
        # the reader (head, less) went away: not an error, as for any Unix tool. click
        # turns it into exit 1 after swapping sys.stdout for a wrapper that hides it.
        if isinstance(e, SystemExit) and sys.stdout is stdout:
            raise
        _quiet_stdout()
        return 0
    except Exception as e:  # noqa: BLE001 - a bug: say so in one line, with the way to see more
        if run.debug:
            import traceback

            traceback.print_exc()
        _say(f"internal error: {type(e).__name__}: {e} (run with --debug for the traceback)")
        return 1
    finally:
        if watcher:
            watcher.stop()
        signal.signal(signal.SIGTERM, previous)
        if previous_int is not None:
            signal.signal(signal.SIGINT, previous_int)


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so that flushing it on the way out raises nothing more."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
