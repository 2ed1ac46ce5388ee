"""Forms of the report pages: they check shape; the services check meaning."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectChoice, SelectField, StringField
from wtforms.validators import Optional

from ..forms import PeriodForm


class ReportDownloadForm(PeriodForm):
    """The period and the format of a biennial report to download."""

    format = SelectField(
        _l("Format"),
        choices=[
            SelectChoice("xlsx", _l("Excel workbook (XLSX)")),
            SelectChoice("csv", _l("CSV")),
            SelectChoice("html", _l("Printable page (HTML)")),
        ],
        default="xlsx",
    )
    gaps = BooleanField(_l("Include the coverage gaps (runs the matcher: slower)"), default=True)


class GapsForm(PeriodForm):
    """The period and the score below which a request is a gap."""

    threshold = StringField(_l("Weak below (best score, 0-1)"), validators=[Optional()])
