"""The roles a user can hold at a unit of the organisation tree (任职), shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # The reviewer of a federation at any level (上级工会审核员: national, province, city, district,
    # industry); the stored value keeps its first name. Scope: the federation's subtree.
    DISTRICT_REVIEWER = "district_reviewer", _("Federation reviewer")
    UNION_OFFICER = "union_officer", _("Union officer")  # 企业工会干部
    BRANCH_OFFICER = "branch_officer", _("Branch officer")  # 分会干部


OFFICER_ROLES = (Role.UNION_OFFICER, Role.BRANCH_OFFICER)
ALL_ROLES = tuple(Role)
