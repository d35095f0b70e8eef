"""The kernel's tables: accounts, the audit trail and the access log.

A user may be linked to one roster entry (``settings.UNIONHOME_WORKER_MODEL``); the kernel names
that model only through the setting. The trail and the log keep the actor's name and login as
text, so that they still say who did it after the account is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NAME_LENGTH = 300  # a display name: first and last name (150 each), or the login


def name_and_login(user) -> tuple[str, str]:
    """The display name and the login of a user, as kept on the trail ("", "" for nobody)."""
    if user is None or getattr(user, "pk", None) is None:
        return "", ""
    return str(user)[:NAME_LENGTH], user.get_username()


class User(AbstractUser):
    """An account; may be linked to one roster entry (then it is a worker in the portal)."""

    worker = models.OneToOneField(
        settings.UNIONHOME_WORKER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("worker"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        """The name people know: the account's full name, else the linked roster entry's (李明),
        the login only for an account with neither (histories, the trail, the top bar)."""
        name = self.get_full_name()
        if not name and self.worker_id:
            worker = self.worker
            name = getattr(worker, "name", "") if worker is not None else ""
        return name or self.username


class AuditEvent(models.Model):
    """操作记录: who did what, when, with the state before and after. Append-only."""

    at = models.DateTimeField(_("time"), default=timezone.now)  # indexed with id: audit_at_id
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor's name"), max_length=NAME_LENGTH, blank=True)
    actor_username = models.CharField(_("actor's login"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    branch_path = models.CharField(_("unit path"), max_length=255, blank=True)  # audit_branch_path
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            # the trail's order, newest first: keyset pages (unionhome.paging); it serves ranges of
            # ``at`` too, so ``at`` has no index of its own (one index fewer to write per event)
            models.Index(fields=["at", "id"], name="audit_at_id"),
            # scoping by unit (``branch_path__startswith`` and equality) on one index: on PostgreSQL
            # with the pattern operator class, instead of a plain index plus Django's ``_like`` one
            models.Index(fields=["branch_path"], name="audit_branch_path", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(_("Audit records cannot be changed."))
        if self.actor_id and not self.actor_username:  # the name and login outlive the account
            self.actor_name, self.actor_username = name_and_login(self.actor)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Audit records cannot be deleted."))


class AccessLog(models.Model):
    """查阅记录: every view, download or export of a sensitive record. Append-only."""

    class Kind(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")
        EXPORT = "export", _("Exported")

    at = models.DateTimeField(_("time"), default=timezone.now)  # indexed with id: access_at_id
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    user_name = models.CharField(_("user's name"), max_length=NAME_LENGTH, blank=True)
    user_username = models.CharField(_("user's login"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    branch_path = models.CharField(_("unit path"), max_length=255, blank=True)  # access_branch_path
    detail = models.CharField(_("detail"), max_length=255, blank=True)  # a key of records.DETAIL_LABELS
    detail_args = models.JSONField(_("detail values"), default=dict, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            # the log's order, newest first: keyset pages (unionhome.paging), and ranges of ``at``
            models.Index(fields=["at", "id"], name="access_at_id"),
            # scoping by unit on one index (as AuditEvent's)
            models.Index(
                fields=["branch_path"], name="access_branch_path", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self):
        who = self.user_name or self.user_username or "—"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.get_kind_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(_("Access log entries cannot be changed."))
        if self.user_id and not self.user_username:
            self.user_name, self.user_username = name_and_login(self.user)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Access log entries cannot be deleted."))


class OutboxMessage(models.Model):
    """An e-mail written in the same transaction as the action that causes it, sent later.

    ``unionhome.outbox`` sends due rows and retries a failure with a growing delay: a mail server
    or broker outage delays the mail, never undoes or breaks the action.
    """

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    key = models.CharField(_("key"), max_length=120, blank=True)  # non-empty: written at most once
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    recipients = models.JSONField(_("recipients"), default=list)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True, default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["sent_at", "next_try_at"], name="outbox_due")]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="outbox_key_once")
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.recipients)}"
