"""CSV import of subscribers with a validation report.

Columns (header row required; only ``email`` is mandatory): email, first_name,
last_name, company_name, company_kbo, postal_code, nace_section (a letter A–V),
size_class (micro/small/medium/large), interests (category slugs separated by ``;``),
consent_at (ISO date/time), consent_source, consent_text_version.

A row with consent proof (consent_at + consent_source) is imported as confirmed with
that consent recorded; a row without it is imported as pending (double opt-in still
needed). Each row is validated fully and saved in its own transaction: a bad row is
reported with its reasons and nothing of it is saved; good rows are imported.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from wagtail_doeners.conf import doeners_settings
from wagtail_doeners.pages.choices import SizeClass
from wagtail_doeners.pages.models import NaceCode, OfferingCategory
from wagtail_doeners.validators import clean_kbo, clean_postal_code

from .models import ConsentRecord, Subscriber, Suppression, email_hash

COLUMNS = [
    "email",
    "first_name",
    "last_name",
    "company_name",
    "company_kbo",
    "postal_code",
    "nace_section",
    "size_class",
    "interests",
    "consent_at",
    "consent_source",
    "consent_text_version",
]
MAX_ROWS = 50_000


@dataclass
class ImportReport:
    imported: int = 0
    confirmed: int = 0
    skipped: list = field(default_factory=list)  # (line, email, reason)
    errors: list = field(default_factory=list)  # (line, email, [reasons])

    @property
    def ok(self):
        return not self.errors

    def as_text(self):
        lines = [
            _("Imported: %(n)d (confirmed: %(c)d)") % {"n": self.imported, "c": self.confirmed},
            _("Skipped: %(n)d") % {"n": len(self.skipped)},
            _("Rejected: %(n)d") % {"n": len(self.errors)},
        ]
        for line, email, reason in self.skipped:
            lines.append(
                _("line %(line)d (%(email)s): skipped, %(reason)s")
                % {"line": line, "email": email, "reason": reason}
            )
        for line, email, reasons in self.errors:
            lines.append(
                _("line %(line)d (%(email)s): %(reasons)s")
                % {"line": line, "email": email or "-", "reasons": "; ".join(reasons)}
            )
        return "\n".join(lines)


def _parse_when(value):
    try:
        at = parse_datetime(value)
        if at is None and parse_date(value):
            at = datetime.combine(parse_date(value), time.min)
    except ValueError:
        return None
    return at


def _clean_row(row, seen):
    errors, data = [], {}
    email = (row.get("email") or "").strip().lower()
    try:
        validate_email(email)
        data["email"] = email
    except ValidationError:
        errors.append(_("invalid e-mail address %(value)r") % {"value": email})
    if email in seen:
        errors.append(
            _("e-mail address repeated in the file (line %(line)d)") % {"line": seen[email]}
        )
    for name in ("first_name", "last_name", "company_name"):
        value = (row.get(name) or "").strip()
        if len(value) > (255 if name == "company_name" else 100):
            errors.append(_("%(field)s is too long") % {"field": name})
        data[name] = value
    kbo = (row.get("company_kbo") or "").strip()
    if kbo:
        try:
            data["company_kbo"] = clean_kbo(kbo)
        except ValidationError as exc:
            errors.extend(exc.messages)
    postal = (row.get("postal_code") or "").strip()
    if postal:
        try:
            data["postal_code"] = clean_postal_code(postal).postal_code
        except ValidationError as exc:
            errors.extend(exc.messages)
    section = (row.get("nace_section") or "").strip().upper()
    if section:
        nace = NaceCode.objects.filter(level="section", code=section).order_by("-version").first()
        if nace is None:
            errors.append(_("unknown NACE section %(value)r") % {"value": section})
        data["nace_section"] = nace
    size = (row.get("size_class") or "").strip().lower()
    if size and size not in SizeClass.values:
        errors.append(
            _("size class must be one of %(choices)s") % {"choices": ", ".join(SizeClass.values)}
        )
    data["size_class"] = size
    slugs = [s.strip() for s in (row.get("interests") or "").split(";") if s.strip()]
    interests = list(OfferingCategory.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {c.slug for c in interests})
    if unknown:
        errors.append(_("unknown interests: %(slugs)s") % {"slugs": ", ".join(unknown)})
    consent = None
    consent_at = (row.get("consent_at") or "").strip()
    source = (row.get("consent_source") or "").strip()
    if consent_at or source:
        at = parse_datetime(consent_at) or (
            parse_date(consent_at)
            and timezone.datetime.combine(parse_date(consent_at), timezone.datetime.min.time())
        )
        if not at:
            errors.append(_("consent_at %(value)r is not a date") % {"value": consent_at})
        elif not source:
            errors.append(_("consent_source is required with consent_at"))
        else:
            if timezone.is_naive(at):
                at = timezone.make_aware(at)
            if at > timezone.now():
                errors.append(_("consent_at is in the future"))
            version = (row.get("consent_text_version") or "").strip()
            consent = (
                at,
                source[:80],
                version or doeners_settings.CAMPAIGNS["CONSENT_TEXT_VERSION"],
            )
    return data, interests, consent, errors


def import_subscribers(fileobj, *, source="csv-import", dry_run=False):
    """Import from a text file object; returns an ImportReport."""
    report = ImportReport()
    text = fileobj.read()
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.errors.append((0, "", [_("the file is not UTF-8 encoded")]))
            return report
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "email" not in header:
        report.errors.append((1, "", [_("the header row has no 'email' column")]))
        return report
    unknown = sorted(set(header) - set(COLUMNS))
    if unknown:
        report.errors.append((1, "", [_("unknown columns: %(c)s") % {"c": ", ".join(unknown)}]))
        return report
    reader.fieldnames = header
    seen = {}
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            report.errors.append((number, "", [_("more than %(n)d rows") % {"n": MAX_ROWS}]))
            break
        data, interests, consent, errors = _clean_row(row, seen)
        email = data.get("email") or (row.get("email") or "").strip()
        if errors:
            report.errors.append((number, email, errors))
            continue
        seen[email] = number
        if Subscriber.objects.filter(email=email).exists():
            report.skipped.append((number, email, _("already a subscriber")))
            continue
        if Suppression.objects.filter(email_hash=email_hash(email)).exists():
            report.skipped.append((number, email, _("on the suppression list")))
            continue
        if dry_run:
            report.imported += 1
            report.confirmed += bool(consent)
            continue
        with transaction.atomic():
            subscriber = Subscriber(**data)
            if consent:
                subscriber.status = Subscriber.Status.CONFIRMED
                subscriber.confirmed_at = consent[0]
            subscriber.save()
            subscriber.interests.set(interests)
            if consent:
                ConsentRecord.objects.create(
                    subscriber=subscriber,
                    kind=ConsentRecord.Kind.CONFIRMED,
                    at=consent[0],
                    source=f"{source}:{consent[1]}"[:100],
                    consent_text_version=consent[2][:20],
                )
        report.imported += 1
        report.confirmed += bool(consent)
    return report
