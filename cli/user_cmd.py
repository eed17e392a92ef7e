"""``gongkai user add|list|token|password|deactivate``: manage users, their API tokens
and their passwords for the web page."""

from __future__ import annotations

import getpass
import sys

from core.config import Settings
from workflow import users
from workflow.runtime import Runtime


def register(sub) -> None:
    parser = sub.add_parser("user", help="manage users and their tokens")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a user and print its token once")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in users.Role])
    add.add_argument("--office", required=True, help="e.g. 办公室; drafters see only its documents")
    add.add_argument("--name", help="display name")
    add.add_argument(
        "--password", action="store_true", help="also set a password for the web page (asked)"
    )
    add.set_defaults(run=_add)
    listing = actions.add_parser("list", help="list users")
    listing.set_defaults(run=_list)
    token = actions.add_parser("token", help="issue a new token (the old one stops working)")
    token.add_argument("username")
    token.set_defaults(run=_token)
    password = actions.add_parser(
        "password",
        help="set a user's password for the web page (asked twice; read from stdin when "
        "it is not a terminal); also unlocks a locked account",
    )
    password.add_argument("username")
    password.set_defaults(run=_password)
    off = actions.add_parser("deactivate", help="stop a user's token from working")
    off.add_argument("username")
    off.set_defaults(run=_deactivate)


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise SystemExit("gongkai: error [invalid_input]: the passwords differ")
    return first


def _add(args, settings: Settings) -> int:
    password = _read_password() if args.password else None
    with Runtime.build(settings).session() as session:
        user, token = users.create_user(
            session,
            username=args.username,
            role=args.role,
            office=args.office,
            display_name=args.name,
            password=password,
        )
    print(f"created {user.username} ({user.role}, {user.office})", file=sys.stderr)
    print("token (shown once; only its hash is kept):", file=sys.stderr)
    print(token)
    return 0


def _list(args, settings: Settings) -> int:
    with Runtime.build(settings).session() as session:
        for user in users.list_users(session):
            state = "" if user.active else "  (deactivated)"
            print(f"{user.username:<20}{user.role:<11}{user.office}{state}")
    return 0


def _token(args, settings: Settings) -> int:
    with Runtime.build(settings).session() as session:
        print(users.rotate_token(session, args.username))
    return 0


def _password(args, settings: Settings) -> int:
    password = _read_password()
    with Runtime.build(settings).session() as session:
        users.set_password(session, args.username, password)
    print(f"password of {args.username} set", file=sys.stderr)
    return 0


def _deactivate(args, settings: Settings) -> int:
    with Runtime.build(settings).session() as session:
        users.deactivate(session, args.username)
    print(f"{args.username} deactivated", file=sys.stderr)
    return 0
