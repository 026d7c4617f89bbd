"""System checks (run by `hall serve`, `hall migrate`, `hall check`): what an operator must
hear about before the hall opens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

from hall.keys import is_shared


@register(Tags.security, deploy=False)
def keys_and_data_directory(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    warnings = []
    if settings.KEYS.made_here and is_shared(settings.DATA_DIR):
        warnings.append(
            Warning(
                f"The data directory {settings.DATA_DIR} can be read by other users of this "
                "machine, and it holds the keys that decrypt personal data.",
                hint=f"chmod 700 {settings.DATA_DIR}",
                id="hall.W001",
            )
        )
    if settings.KEYS.legacy_pii_key_kept:
        warnings.append(
            Warning(
                "Personal data written before this version is encrypted with the public "
                "development key.",
                hint="Run `hall pii reencrypt` once to rewrite it under this installation's key.",
                id="hall.W002",
            )
        )
    return warnings
