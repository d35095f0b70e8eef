from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_safe_xml(app_configs=None, **kwargs):
    """Uploaded workbooks are parsed as XML: defusedxml must be installed and used by openpyxl."""
    errors = []
    try:
        import defusedxml  # noqa: F401
        import openpyxl.xml
    except ImportError as exc:
        return [checks.Error(f"defusedxml or openpyxl cannot be imported: {exc}", id="branches.E001")]
    if not getattr(openpyxl.xml, "DEFUSEDXML", False):
        errors.append(
            checks.Error(
                "openpyxl does not use defusedxml (openpyxl.xml.DEFUSEDXML is false)",
                hint="Install defusedxml and make sure OPENPYXL_DEFUSEDXML is not set to False.",
                id="branches.E002",
            )
        )
    return errors


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = _("Organisation and roster")

    def ready(self):
        from . import counters

        counters.connect()  # every save and delete of a roster row updates its unit's counter
        checks.register(check_safe_xml, checks.Tags.security)
        problems = check_safe_xml()
        if problems:
            raise RuntimeError(problems[0].msg)
