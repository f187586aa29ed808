"""Model fields whose values are encrypted before they reach the database."""

from __future__ import annotations

from typing import Any

from django.db import models

from mukti.core.crypto import decrypt, encrypt


def encryption_context(field: models.Field[Any, Any]) -> str:
    """Binds a ciphertext to its field, so it cannot be moved to another column and read there.

    A history table's copy of a field shares the context of the original model.
    """
    model = getattr(field.model, "instance_type", field.model)
    return f"{model._meta.label_lower}.{field.name}"


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted with AES-256-GCM; the database holds only ciphertext.

    Only `isnull` and equality with "" can be queried: look values up with a blind index.
    """

    description = "Encrypted text"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return decrypt(value, context=encryption_context(self))

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value), context=encryption_context(self))


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
