"""Thresholds of democratic management: settings.UNIONHOME_DEMOCRACY overrides the rules' defaults."""

from __future__ import annotations

from django.conf import settings

from . import rules

DEFAULTS = {
    "QUORUM": rules.QUORUM,
    "PASS_SHARE": rules.PASS_SHARE,
    "MANAGER_SHARE_MAX": rules.MANAGER_SHARE_MAX,
    "WOMEN_SHARE_TOLERANCE": rules.WOMEN_SHARE_TOLERANCE,
    "KNOWLEDGE_TARGET": rules.KNOWLEDGE_TARGET,
    "SATISFACTION_TARGET": rules.SATISFACTION_TARGET,
    "SATISFACTION_TARGET_MODEL_SMALL_HOME": rules.SATISFACTION_TARGET_MODEL_SMALL_HOME,
    "FULFILMENT_TARGET": rules.FULFILMENT_TARGET,
    "PARTICIPATION_TARGET": rules.PARTICIPATION_TARGET,
    "COSIGNERS_MIN": rules.COSIGNERS_MIN,
    "CONTRACT_EXPIRY_WARNING_DAYS": rules.CONTRACT_EXPIRY_WARNING_DAYS,
}


def get(name: str):
    return getattr(settings, "UNIONHOME_DEMOCRACY", {}).get(name, DEFAULTS[name])
