"""Every version simple-history records joins the change chain in the same transaction.

A signal is the one hook simple-history offers for this; it is the only signal handler in
Mukti, and it only links, never decides anything.
"""

from typing import Any

from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from mukti.audit.chain import append_changes


@receiver(post_create_historical_record, dispatch_uid="mukti-change-chain")
def link_recorded_version(history_instance: Any, history_user: Any, **_kwargs: Any) -> None:
    append_changes([history_instance], user_id=getattr(history_user, "pk", None))
