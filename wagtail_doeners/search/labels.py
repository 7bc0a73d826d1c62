from django.utils.translation import gettext_lazy as _

TYPE_LABELS = {"offering": _("Offering"), "enterprise": _("Enterprise"), "demand": _("Open demand")}
