"""Importing and exporting organisations as CSV/XLSX, with the same columns both ways.

An import is planned first (every row validated, matched against existing
organisations, likely duplicates noted) and written only when no row is bad:
`plan_import()` raises ImportFailed listing every bad row; `apply_plan()` writes
inside one transaction. The admin screen shows the plan as a preview.
"""

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import translation
from django.utils.translation import gettext as _

from engage.core.tabular import ImportFailed, RowError, Table
from engage.taxonomy.models import TargetGroup, Theme
from partners.duplicates import normalise_name, website_domain
from partners.enterprise_number import (
    format_enterprise_number,
    normalise_enterprise_number,
)
from partners.models import Contact, Organisation

ORGANISATION_FIELDS = [
    "name",
    "legal_form",
    "enterprise_number",
    "street",
    "postcode",
    "city",
    "country",
    "website",
    "email",
    "phone",
]
CONTACT_COLUMNS = {
    "contact_first_name": "first_name",
    "contact_last_name": "last_name",
    "contact_email": "email",
    "contact_phone": "phone",
    "contact_function": "function",
}
# The import and export columns, in the order of the issue and of exported files.
COLUMNS = [*ORGANISATION_FIELDS, "target_groups", "themes", *CONTACT_COLUMNS]
REQUIRED_COLUMNS = ["name"]
# Words people write in a legal_form column, besides the codes and labels.
LEGAL_FORM_SYNONYMS = {
    "vzw": "vzw",
    "asbl": "vzw",
    "v.z.w.": "vzw",
    "non-profit": "vzw",
    "nonprofit": "vzw",
    "vereniging zonder winstoogmerk": "vzw",
    "ivzw": "ivzw",
    "aisbl": "ivzw",
    "stichting": "foundation",
    "private stichting": "foundation",
    "stichting van openbaar nut": "foundation",
    "fondation": "foundation",
    "gemeente": "public",
    "stad": "public",
    "municipality": "public",
    "ocmw": "public",
    "cpas": "public",
    "public body": "public",
    "openbaar bestuur": "public",
    "overheid": "public",
    "feitelijke vereniging": "informal",
    "fv": "informal",
    "informal group": "informal",
    "social profit": "social_profit",
    "social-profit": "social_profit",
    "sociale onderneming": "social_profit",
    "vso": "social_profit",
    "andere": "other",
}
COUNTRY_NAMES = {
    "belgium": "BE",
    "belgie": "BE",
    "belgië": "BE",
    "belgique": "BE",
    "netherlands": "NL",
    "nederland": "NL",
    "the netherlands": "NL",
    "france": "FR",
    "frankrijk": "FR",
    "germany": "DE",
    "duitsland": "DE",
    "luxembourg": "LU",
    "luxemburg": "LU",
}


# The row of the downloadable template file: every column, as a partner would fill it.
EXAMPLE_ROW = {
    "name": "Vzw Voorbeeld",
    "legal_form": "vzw",
    "enterprise_number": "",
    "street": "Naamsestraat 12",
    "postcode": "3000",
    "city": "Leuven",
    "country": "BE",
    "website": "https://www.voorbeeld.example",
    "email": "info@voorbeeld.example",
    "phone": "+32 16 00 00 00",
    "target_groups": "Children and youth",
    "themes": "Education",
    "contact_first_name": "An",
    "contact_last_name": "Peeters",
    "contact_email": "an@voorbeeld.example",
    "contact_phone": "",
    "contact_function": "Coordinator",
}


def template_rows() -> list[list[str]]:
    """The example row of the template file, in COLUMNS order."""
    return [[EXAMPLE_ROW[column] for column in COLUMNS]]


def accepted_codes() -> dict:
    """What the coded columns accept, for the import page."""
    synonyms: dict[str, list[str]] = {}
    for word, code in LEGAL_FORM_SYNONYMS.items():
        if word != code:
            synonyms.setdefault(code, []).append(word)
    return {
        "legal_forms": [
            (code, label, sorted(synonyms.get(code, [])))
            for code, label in Organisation.LegalForm.choices
        ],
        "countries": sorted(set(COUNTRY_NAMES.values())),
        "target_groups": list(TargetGroup.objects.order_by("name_en")),
        "themes": list(Theme.objects.order_by("name_en")),
    }


def _legal_forms() -> dict[str, str]:
    forms = dict(LEGAL_FORM_SYNONYMS)
    for code, label in Organisation.LegalForm.choices:
        forms[code] = code
        for language in ("en", "nl"):
            with translation.override(language):
                forms[str(label).casefold()] = code
    return forms


def _vocabulary(model) -> dict[str, object]:
    lookup = {}
    for item in model.objects.all():
        for key in (item.slug, item.name_en, item.name_nl):
            lookup[(key or "").strip().casefold()] = item
    return lookup


@dataclass(frozen=True)
class FieldChange:
    """One value of a matched organisation: what is there and what the file says."""

    field: str
    label: str
    old: str
    new: str
    note: str = ""  # for a value that is kept: why


@dataclass
class PlannedRow:
    row: int
    action: str  # "create" | "update"
    name: str
    organisation: Organisation | None = None  # the one updated
    values: dict = field(default_factory=dict)  # for an update: only what changes
    target_groups: list | None = None
    themes: list | None = None
    contact: dict | None = None
    warnings: list[str] = field(default_factory=list)
    match_reason: str = ""  # "enterprise_number" | "name_postcode"
    match_key: str = ""  # the number or the name key the row matched on
    changes: list[FieldChange] = field(default_factory=list)  # applied
    kept: list[FieldChange] = field(default_factory=list)  # not applied, and why
    contact_action: str = ""  # "", "add" or "update"

    @property
    def match_text(self) -> str:
        if self.match_reason == "enterprise_number":
            return _("same enterprise number %(number)s") % {
                "number": format_enterprise_number(self.match_key)
            }
        if self.match_reason == "name_postcode":
            name_key, postcode = self.match_key.split("|", 1)
            return _("same name key “%(key)s” and postcode %(postcode)s") % {
                "key": name_key,
                "postcode": postcode or "—",
            }
        return ""


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    filename: str = ""

    @property
    def creates(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == "create"]

    @property
    def updates(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == "update"]

    @property
    def warnings(self) -> list[tuple[int, str]]:
        return [(r.row, w) for r in self.rows for w in r.warnings]

    @property
    def fingerprint(self) -> str:
        """Identifies what this plan would write: the confirmation of a preview
        applies only if planning again gives the same (else Engage changed since)."""
        content = [
            (
                r.row,
                r.action,
                r.organisation.pk if r.organisation else None,
                sorted((c.field, c.old, c.new) for c in r.changes),
                r.contact_action,
                r.contact,
            )
            for r in self.rows
        ]
        data = json.dumps(content, sort_keys=True, default=str).encode()
        return hashlib.sha256(data).hexdigest()


class PlanChanged(Exception):
    """Planning again gives another result than the preview showed: show it again."""

    def __init__(self, plan):
        self.plan = plan
        super().__init__("The import plan changed since the preview.")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    contacts_created: int = 0
    contacts_updated: int = 0
    dry_run: bool = False
    plan: ImportPlan | None = None


class _Planner:
    def __init__(self, table: Table):
        self.table = table
        self.errors: list[RowError] = []
        self.legal_forms = _legal_forms()
        self.target_groups = _vocabulary(TargetGroup)
        self.themes = _vocabulary(Theme)
        self.by_number: dict[str, Organisation] = {}
        self.by_name_postcode: dict[tuple[str, str], Organisation] = {}
        self.by_name: dict[str, list[Organisation]] = {}
        self.by_domain: dict[str, list[Organisation]] = {}
        for organisation in Organisation.objects.only(
            "pk", "name", "enterprise_number", "name_key", "postcode", "website_domain"
        ):
            if organisation.enterprise_number:
                self.by_number[organisation.enterprise_number] = organisation
            key = (organisation.name_key, organisation.postcode.strip())
            self.by_name_postcode.setdefault(key, organisation)
            self.by_name.setdefault(organisation.name_key, []).append(organisation)
            if organisation.website_domain:
                self.by_domain.setdefault(organisation.website_domain, []).append(
                    organisation
                )
        self.seen: dict[object, int] = {}  # identity of an organisation -> first row

    def error(self, row, column, message):
        self.errors.append(RowError(row, column, str(message)))

    # Cell parsers: return the clean value, or record an error and return None.

    def _legal_form(self, row, value):
        if not value:
            return ""
        code = self.legal_forms.get(value.strip().casefold())
        if code is None:
            self.error(
                row,
                "legal_form",
                _("Unknown legal form “%(value)s”; use one of: %(codes)s.")
                % {"value": value, "codes": ", ".join(Organisation.LegalForm.values)},
            )
        return code

    def _enterprise_number(self, row, value):
        if not value:
            return None
        try:
            return normalise_enterprise_number(value)
        except ValidationError as exc:
            self.error(row, "enterprise_number", " ".join(exc.messages))
            return None

    def _country(self, row, value):
        if not value:
            return ""
        text = value.strip()
        code = COUNTRY_NAMES.get(text.casefold())
        if code:
            return code
        if re.fullmatch(r"[A-Za-z]{2}", text):
            return text.upper()
        self.error(row, "country", _("Use a two-letter country code such as BE or NL."))
        return None

    def _postcode(self, row, value, country):
        if (
            value
            and (country or "BE") == "BE"
            and not re.fullmatch(r"[1-9]\d{3}", value)
        ):
            self.error(
                row, "postcode", _("A Belgian postcode has four digits, e.g. 3000.")
            )
        return value

    def _website(self, row, value):
        if not value:
            return ""
        url = value.strip()
        if "://" not in url:
            url = "https://" + url
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            self.error(row, "website", _("This is not a web address."))
            return None
        return url

    def _email(self, row, column, value):
        if not value:
            return ""
        try:
            EmailValidator()(value.strip())
        except ValidationError:
            self.error(row, column, _("This is not an email address."))
            return None
        return value.strip().lower()

    def _terms(self, row, column, value, vocabulary, kind):
        if not value:
            return None
        found = []
        for part in value.split(";"):
            part = part.strip()
            if not part:
                continue
            item = vocabulary.get(part.casefold())
            if item is None:
                self.error(
                    row,
                    column,
                    _("Unknown %(kind)s “%(value)s”.") % {"kind": kind, "value": part},
                )
            elif item not in found:
                found.append(item)
        return found

    def _match(self, row, number, key, postcode) -> Organisation | None:
        if number and number in self.by_number:
            self.reason = ("enterprise_number", number)
            return self.by_number[number]
        self.reason = ("name_postcode", f"{key}|{postcode}")
        existing = self.by_name_postcode.get((key, postcode))
        if existing is not None and number and existing.enterprise_number:
            self.error(
                row,
                "enterprise_number",
                _(
                    "“%(name)s” in %(postcode)s exists with enterprise number "
                    "%(number)s; check which number is right."
                )
                % {
                    "name": existing.name,
                    "postcode": postcode,
                    "number": format_enterprise_number(existing.enterprise_number),
                },
            )
            return None
        return existing

    def plan_row(self, row: int, cells: dict) -> PlannedRow | None:
        errors_before = len(self.errors)
        name = cells.get("name", "").strip()
        if not name:
            self.error(row, "name", _("The name is required."))
        legal_form = self._legal_form(row, cells.get("legal_form", ""))
        number = self._enterprise_number(row, cells.get("enterprise_number", ""))
        country = self._country(row, cells.get("country", ""))
        postcode = self._postcode(row, cells.get("postcode", "").strip(), country)
        website = self._website(row, cells.get("website", ""))
        email = self._email(row, "email", cells.get("email", ""))
        target_groups = self._terms(
            row,
            "target_groups",
            cells.get("target_groups", ""),
            self.target_groups,
            _("target group"),
        )
        themes = self._terms(
            row, "themes", cells.get("themes", ""), self.themes, _("theme")
        )
        contact = self._contact(row, cells)
        if len(self.errors) > errors_before or not name:
            return None

        key = normalise_name(name)
        existing = self._match(row, number, key, postcode)
        if len(self.errors) > errors_before:
            return None
        identities = {("name", key, postcode)}
        identities.add(("pk", existing.pk) if existing else ("number", number))
        identities.discard(("number", None))
        earlier = next((self.seen[i] for i in identities if i in self.seen), None)
        if earlier is not None:
            self.error(
                row,
                "name",
                _("Row %(row)s already describes this organisation.")
                % {"row": earlier},
            )
            return None
        for identity in identities:
            self.seen[identity] = row

        values = {
            "name": name,
            "legal_form": legal_form,
            "enterprise_number": number,
            "street": cells.get("street", "").strip(),
            "postcode": postcode,
            "city": cells.get("city", "").strip(),
            "country": country,
            "website": website,
            "email": email,
            "phone": cells.get("phone", "").strip(),
        }
        planned = PlannedRow(
            row=row,
            action="update" if existing else "create",
            name=name,
            organisation=existing,
            values=values,
            target_groups=target_groups,
            themes=themes,
            contact=contact,
        )
        if existing is None:
            planned.warnings = self._duplicate_warnings(key, website)
        else:
            planned.match_reason, planned.match_key = self.reason
        return planned

    def _contact(self, row, cells) -> dict | None:
        data = {
            target: cells.get(column, "").strip()
            for column, target in CONTACT_COLUMNS.items()
        }
        if not any(data.values()):
            return None
        if not data["first_name"]:
            self.error(row, "contact_first_name", _("The contact needs a first name."))
        if not data["last_name"]:
            self.error(row, "contact_last_name", _("The contact needs a last name."))
        data["email"] = self._email(row, "contact_email", data["email"]) or ""
        return data

    def _duplicate_warnings(self, key, website) -> list[str]:
        warnings = []
        for organisation in self.by_name.get(key, []):
            warnings.append(
                _("Looks like “%(name)s” (same name, other postcode).")
                % {"name": organisation.name}
            )
        domain = website_domain(website or "")
        for organisation in self.by_domain.get(domain, []) if domain else []:
            warnings.append(
                _("Looks like “%(name)s” (same website).") % {"name": organisation.name}
            )
        return warnings

    def _validate_model(self, planned: PlannedRow, instance=None) -> None:
        """Let the model check lengths, formats and constraints as a save would."""
        if instance is None:
            instance = Organisation()
        for name, value in planned.values.items():
            if value not in ("", None) or planned.organisation is None:
                if name in ("legal_form", "country") and not value:
                    continue
                setattr(instance, name, value)
        try:
            instance.full_clean(validate_unique=True)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                column = field_name if field_name in COLUMNS else ""
                for message in messages:
                    self.error(planned.row, column, message)
        if planned.contact:
            contact = Contact(organisation=instance, **planned.contact)
            try:
                contact.full_clean(exclude=["organisation"], validate_constraints=False)
            except ValidationError as exc:
                for field_name, messages in exc.message_dict.items():
                    column = next(
                        (c for c, f in CONTACT_COLUMNS.items() if f == field_name), ""
                    )
                    for message in messages:
                        self.error(planned.row, column, message)


def plan_import(table: Table, *, filename: str = "") -> ImportPlan:
    """Validate and match every row; raise ImportFailed listing every bad row."""
    missing = table.missing(REQUIRED_COLUMNS)
    unknown = [h for h in table.headers if h and h not in COLUMNS]
    errors = [
        RowError(1, name, _("The column “%(name)s” is missing.") % {"name": name})
        for name in missing
    ] + [
        RowError(
            1,
            name,
            _("Unknown column “%(name)s”; the columns are: %(columns)s.")
            % {"name": name, "columns": ", ".join(COLUMNS)},
        )
        for name in unknown
    ]
    if errors:
        raise ImportFailed(errors)
    if not table.rows:
        raise ImportFailed([RowError(2, "", _("The file has no rows to import."))])
    planner = _Planner(table)
    plan = ImportPlan(filename=filename)
    for row, cells in table.rows:
        planned = planner.plan_row(row, cells)
        if planned is not None:
            plan.rows.append(planned)
    matched = Organisation.objects.prefetch_related(
        "target_groups", "themes", "contacts"
    ).in_bulk([r.organisation.pk for r in plan.rows if r.organisation])
    for planned in plan.rows:
        instance = None
        if planned.organisation is not None:
            instance = matched[planned.organisation.pk]
            planned.organisation = instance
            diff_row(planned, instance)
        planned.contact_action = _contact_action(planned, instance)
        # A copy: validation must not touch the instance the preview shows.
        planner._validate_model(planned, _copy(instance) if instance else None)
    if planner.errors:
        raise ImportFailed(planner.errors)
    return plan


# -- What an update changes ------------------------------------------------------------
# A file never makes a value worse without saying so: an empty cell keeps what is
# there, and a value equal up to accents, case, spaces (for the name: the same name
# key) keeps the existing, official spelling. Every other change is listed (old →
# new) in the preview and is exactly what the import writes.


def _copy(organisation: Organisation) -> Organisation:
    copy = Organisation(
        **{
            f.attname: getattr(organisation, f.attname)
            for f in Organisation._meta.concrete_fields
        }
    )
    copy._state.adding = False
    return copy


def _fold(value) -> str:
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def _same(name: str, old, new) -> bool:
    if name == "name":
        return normalise_name(old) == normalise_name(new)
    if name == "website":
        return website_key(old) == website_key(new)
    if name == "phone":
        return re.sub(r"\D", "", old or "") == re.sub(r"\D", "", new or "")
    return _fold(old) == _fold(new)


def website_key(url: str) -> str:
    url = (url or "").strip().casefold()
    url = re.sub(r"^https?://", "", url).removeprefix("www.")
    return url.rstrip("/")


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _terms_text(terms) -> str:
    return "; ".join(sorted(str(t) for t in terms))


def diff_row(planned: PlannedRow, organisation: Organisation) -> None:
    """Fill `planned.changes` / `planned.kept` and keep in `values` only the changes."""
    values = {}
    for name, new in planned.values.items():
        old = getattr(organisation, name) or ""
        new = new or ""
        if new == old:
            continue
        label = _label(Organisation, name)
        shown_old = (
            format_enterprise_number(old) if name == "enterprise_number" else old
        )
        shown_new = (
            format_enterprise_number(new) if name == "enterprise_number" else new
        )
        if new == "":
            continue  # an empty cell leaves what is there (said on the page)
        if old and _same(name, old, new):
            note = (
                _("the same name: the existing spelling is kept")
                if name == "name"
                else _("the same up to accents, case or spaces: kept")
            )
            planned.kept.append(
                FieldChange(name, label, str(shown_old), str(shown_new), note)
            )
            continue
        values[name] = new
        planned.changes.append(FieldChange(name, label, str(shown_old), str(shown_new)))
    planned.values = values
    for name in ("target_groups", "themes"):
        terms = getattr(planned, name)
        if terms is None:
            continue
        current = list(getattr(organisation, name).all())
        if {t.pk for t in terms} == {t.pk for t in current}:
            setattr(planned, name, None)
            continue
        planned.changes.append(
            FieldChange(
                name,
                _label(Organisation, name),
                _terms_text(current),
                _terms_text(terms),
            )
        )


def find_contact(contacts, data: dict):
    """The contact a row's contact columns describe: same email, else same name."""
    email = (data.get("email") or "").casefold()
    match = next((c for c in contacts if email and c.email.casefold() == email), None)
    if match is None:
        match = next(
            (
                c
                for c in contacts
                if c.first_name.casefold() == data["first_name"].casefold()
                and c.last_name.casefold() == data["last_name"].casefold()
            ),
            None,
        )
    return match


def _contact_action(planned: PlannedRow, organisation) -> str:
    if not planned.contact:
        return ""
    if organisation is None:
        return "add"
    match = find_contact(list(organisation.contacts.all()), planned.contact)
    if match is None:
        return "add"
    for name, value in planned.contact.items():
        old = getattr(match, name) or ""
        if value and value != old:
            planned.changes.append(
                FieldChange(
                    f"contact_{name}",
                    _("contact: %(field)s") % {"field": _label(Contact, name)},
                    old,
                    value,
                )
            )
    return "update"


def export_row(organisation: Organisation) -> list:
    """One organisation as a row of COLUMNS (prefetch themes, groups, contacts)."""
    contacts = [c for c in organisation.contacts.all() if c.is_active]
    contact = next(
        (c for c in contacts if c.is_primary), contacts[0] if contacts else None
    )
    return [
        organisation.name,
        organisation.legal_form,
        organisation.enterprise_number_display,
        organisation.street,
        organisation.postcode,
        organisation.city,
        organisation.country,
        organisation.website,
        organisation.email,
        organisation.phone,
        "; ".join(t.name_en for t in organisation.target_groups.all()),
        "; ".join(t.name_en for t in organisation.themes.all()),
        contact.first_name if contact else "",
        contact.last_name if contact else "",
        contact.email if contact else "",
        contact.phone if contact else "",
        contact.function if contact else "",
    ]
