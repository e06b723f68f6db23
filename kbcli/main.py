"""Entry point: build the argument parser from each area's ``register`` and dispatch."""
from __future__ import annotations

import argparse
import sys

from kb import settings
from kb.errors import KBError
from kb.settings import SettingError
from kbcli import (add_cmds, chronicle_cmds, cite_cmds, dates_cmds, eval_cmd, index_cmds, people_cmds,
                   search_cmds, serve_cmd, user_cmds)
from kbcli.output import fail

AREAS = [index_cmds, search_cmds, serve_cmd, cite_cmds, dates_cmds, chronicle_cmds, people_cmds, add_cmds,
         eval_cmd, user_cmds]


def build_parser() -> argparse.ArgumentParser:
    """The ``kb`` parser; every subcommand has --help."""
    parser = argparse.ArgumentParser(
        prog="kb", description="Kho tri thức lịch sử Đảng: tìm kiếm, trích dẫn, đối chiếu ngày tháng.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for area in AREAS:
        area.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; domain errors become one line on stderr and exit status 1 (2 for usage).

    Every ``KB_*`` setting is checked first, so a bad value is one line naming the variable
    whatever the command (``--help`` included), never a traceback."""
    try:
        settings.check_environment()
    except SettingError as exc:
        return fail(str(exc), 2)
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KBError as exc:
        return fail(str(exc))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return fail("interrupted", 130)


if __name__ == "__main__":
    sys.exit(main())
