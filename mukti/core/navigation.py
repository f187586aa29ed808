"""The main menu. Each domain app adds its entries from its AppConfig.ready(), so the base
template never names an app that might not be installed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class MenuEntry:
    label: str | Promise
    url_name: str
    order: int
    # Whether this user sees the entry (usually: does any membership allow an action).
    visible: Callable[[Any], bool]


_ENTRIES: dict[str, MenuEntry] = {}


def add_menu_entry(
    *, label: str | Promise, url_name: str, visible: Callable[[Any], bool], order: int = 50
) -> None:
    """Add (or, when an app is reloaded, replace) an entry of the main menu."""
    _ENTRIES[url_name] = MenuEntry(label=label, url_name=url_name, order=order, visible=visible)


def menu_for(user: Any) -> list[tuple[str | Promise, str]]:
    """The (label, address) of each entry this user may use, in menu order."""
    if not user.is_authenticated:
        return []
    entries = sorted(_ENTRIES.values(), key=lambda entry: (entry.order, entry.url_name))
    return [(entry.label, reverse(entry.url_name)) for entry in entries if entry.visible(user)]


def main_menu(request: HttpRequest) -> dict[str, Any]:
    """Template context processor: `main_menu` for base.html."""
    return {"main_menu": menu_for(request.user)}
