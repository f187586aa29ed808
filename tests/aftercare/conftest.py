"""Every aftercare test happens on 1 March 2026, six weeks after the story's cases open."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

TODAY = datetime(2026, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Dhaka"))


@pytest.fixture(autouse=True)
def first_of_march(time_machine: Any) -> None:
    time_machine.move_to(TODAY, tick=False)
