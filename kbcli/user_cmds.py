"""``kb user add|list|remove|passwd``: editor accounts for the web (readers need none).

A password is read from standard input when it is not a terminal (``printf '%s\\n' "$PW" | kb user
add ...``), else asked for twice without echo; never from the command line, where other users
could see it in the process list.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from kb import settings
from kb.accounts import ROLES, Accounts
from kbcli.output import fail, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("user", help="editor accounts for the web: add, list, remove, passwd",
                       description="Accounts of the people who upload and edit records in the browser. "
                                   "Passwords are read from standard input or a prompt and stored only "
                                   "as a salted scrypt hash.")
    p.add_argument("--users-file", help="accounts file (default: $KB_USERS_FILE or instance/users.json)")
    users = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    a = users.add_parser("add", help="create an account (password from standard input or a prompt)")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--role", choices=ROLES, default="editor",
                   help="editor: upload and edit; admin: also revert changes (default: editor)")
    a.set_defaults(func=cmd_add)
    ls = users.add_parser("list", help="list accounts and their roles")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=cmd_list)
    r = users.add_parser("remove", help="delete an account (its sessions end at once)")
    r.add_argument("name", metavar="NAME")
    r.set_defaults(func=cmd_remove)
    pw = users.add_parser("passwd", help="set a new password (its sessions end at once)")
    pw.add_argument("name", metavar="NAME")
    pw.set_defaults(func=cmd_passwd)


def _accounts(args: argparse.Namespace) -> Accounts:
    return Accounts(args.users_file or settings.get("USERS_FILE"))


def read_password() -> str:
    """One line of standard input, or a prompt typed twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise SystemExit(fail("the two passwords differ"))
    return first


def cmd_add(args: argparse.Namespace) -> int:
    user = _accounts(args).add(args.name, args.role, read_password())
    print(f"added {user.role} {user.name!r} ({_accounts(args).path})")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    users = _accounts(args).users()
    if args.json:
        print_json([{"name": u.name, "role": u.role, "created": u.created} for u in users])
    elif not users:
        print("no accounts: add one with 'kb user add NAME --role admin'")
    for u in users if not args.json else ():
        print(f"{u.name}\t{u.role}\t{u.created}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    _accounts(args).remove(args.name)
    print(f"removed {args.name!r}")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    accounts = _accounts(args)
    if accounts.get(args.name) is None:
        return fail(f"no account {args.name!r}")
    accounts.set_password(args.name, read_password())
    print(f"password of {args.name!r} changed")
    return 0
