"""Front-desk forms (Flask-WTF) and the glue between them and the domain."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_gettext as translate_later
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

try:  # WTForms 3.3 deprecates (value, label) tuples in favour of SelectChoice.
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - WTForms < 3.3
    SelectChoice = None

from clinic.labels import english_label
from clinic.models import Patient, Staff
from clinic.models.patient import CHEEK_VOLUME, ELASTICITY, THICKNESS
from clinic.models.visit import AREAS, THREAD_MATERIALS, THREAD_TYPES, VISIT_KINDS
from clinic.patients import PatientInput
from clinic.visits import ThreadInput

PHONE_HINT = _l("Korean (010-1234-5678) or international (+1 …) format")
NOT_ASSESSED = ("", _l("not assessed"))
THREAD_ROWS = 3
# Browsers send HH:MM, some with seconds; both mean the same wall-clock time.
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]

# Domain error keys → form field names; "procedure.threads.N.x" is handled apart.
PATIENT_FIELDS = {
    "name": "name",
    "phone": "phone",
    "language": "language",
    "birth_year": "birth_year",
    "skin.thickness": "skin_thickness",
    "skin.cheek_volume": "cheek_volume",
    "skin.elasticity": "elasticity",
}
VISIT_FIELDS = {
    "patient_id": "patient_id",
    "practitioner_id": "practitioner_id",
    "kind": "kind",
    "starts_at": "time",
    "duration_minutes": "duration_minutes",
    "procedure": "areas",
    "procedure.areas": "areas",
}


def _within_ten_years(form: Any, field: Any) -> None:
    """Refuse dates no clinic books (and that date arithmetic cannot handle)."""
    today = date.today()
    if field.data is not None and abs((field.data - today).days) > 3660:
        raise ValidationError(_l("Choose a date within ten years of today."))


def optional_int(value: Any) -> int | None:
    """Coerce a select's value to an id, with the blank option as None."""
    if value is None or value == "":
        return None
    return int(value)


def option(value: Any, label: Any) -> Any:
    """Return one select option in the form this WTForms version prefers."""
    return SelectChoice(value, label) if SelectChoice is not None else (value, label)


def _choices(
    values: Iterable[str], blank: tuple[str, Any] | None = None, table: str = ""
) -> list[Any]:
    # Labels are read when a page shows the form, in that page's language.
    options = [
        option(v, translate_later(english_label(v, table)) if table else v.replace("_", "-"))
        for v in values
    ]
    return [option(*blank), *options] if blank else options


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PatientForm(FlaskForm):
    """Register or edit a patient."""

    name = StringField(
        _l("Name"), validators=[InputRequired(_l("Enter the patient's name.")), Length(max=120)]
    )
    phone = StringField(
        _l("Mobile phone"),
        validators=[InputRequired(_l("Enter a phone number.")), Length(max=40)],
        description=PHONE_HINT,
        render_kw={"type": "tel", "autocomplete": "off"},
    )
    language = SelectField(
        _l("Language of texts"),
        choices=[option("en", "English"), option("ko", "한국어")],
        default="en",
    )
    sms_consent = BooleanField(_l("Patient agreed to receive aftercare texts"))
    birth_year = IntegerField(
        _l("Birth year"),
        validators=[Optional()],
        description=_l("Optional; used for age-related risks (e.g. 1978)."),
        render_kw={"inputmode": "numeric", "min": 1900, "max": 2100},
    )
    skin_thickness = SelectField(
        _l("Skin thickness"), choices=_choices(THICKNESS, NOT_ASSESSED, "thickness"), default=""
    )
    cheek_volume = SelectField(
        _l("Cheek volume"), choices=_choices(CHEEK_VOLUME, NOT_ASSESSED, "level"), default=""
    )
    elasticity = SelectField(
        _l("Skin elasticity"), choices=_choices(ELASTICITY, NOT_ASSESSED, "level"), default=""
    )
    notes = TextAreaField(_l("Notes"), validators=[Length(max=4000)])

    def fill_from(self, patient: Patient) -> None:
        """Show a patient's current details in the form."""
        self.name.data, self.phone.data = patient.name, patient.phone
        self.language.data, self.sms_consent.data = patient.language, patient.sms_consent
        self.birth_year.data = patient.birth_year
        self.skin_thickness.data = patient.skin_thickness or ""
        self.cheek_volume.data = patient.cheek_volume or ""
        self.elasticity.data = patient.elasticity or ""
        self.notes.data = patient.notes

    def to_input(self) -> PatientInput:
        """Return what was typed as the domain's PatientInput."""
        return PatientInput(
            name=self.name.data or "",
            phone=self.phone.data or "",
            language=self.language.data or "en",
            sms_consent=bool(self.sms_consent.data),
            birth_year=self.birth_year.data,
            skin_thickness=self.skin_thickness.data or None,
            cheek_volume=self.cheek_volume.data or None,
            elasticity=self.elasticity.data or None,
            notes=self.notes.data or "",
        )


class ThreadRowForm(Form):
    """One row of threads; a row left blank is ignored."""

    # default="": a row the browser did not send (a hidden fieldset) counts as blank.
    type = SelectField(
        _l("Type"), choices=_choices(THREAD_TYPES, ("", "—"), "thread_type"), default=""
    )
    material = SelectField(
        _l("Material"), choices=_choices(THREAD_MATERIALS, ("", "—")), default=""
    )
    count = IntegerField(
        _l("Count"),
        validators=[Optional()],
        render_kw={"inputmode": "numeric", "min": 1, "max": 200},
    )

    def is_blank(self) -> bool:
        """Whether nothing was entered in this row."""
        return not self.type.data and not self.material.data and self.count.data is None


class _WhenFields(FlaskForm):
    """Date, clinic-local time, duration and practitioner: shared by booking and moving."""

    practitioner_id = SelectField(
        _l("Practitioner"),
        coerce=optional_int,
        validators=[InputRequired(_l("Choose a practitioner."))],
    )
    date = DateField(
        _l("Date"),
        validators=[InputRequired(_l("Choose a date.")), _within_ten_years],
        invalid_value_message=_l("Enter the date as YYYY-MM-DD."),
    )
    time = TimeField(
        _l("Time"),
        format=TIME_FORMATS,
        validators=[InputRequired(_l("Choose a time."))],
        invalid_value_message=_l("Enter the time as HH:MM (24-hour clock)."),
    )
    duration_minutes = IntegerField(
        _l("Duration (minutes)"),
        default=60,
        validators=[InputRequired(_l("Enter the duration in minutes."))],
        render_kw={"inputmode": "numeric", "min": 5, "max": 480, "step": 5},
    )

    override = BooleanField(_l("Book outside working hours (admin override, audited)"))
    # Set when a time was refused: the next free slot to offer instead.
    next_free: dict[str, Any] | None = None

    def setup(self, practitioners: Sequence[Staff], zone: str) -> None:
        """Fill the practitioner choices and name the clinic's zone on the time label."""
        self.practitioner_id.choices = [option("", _l("Choose a practitioner"))] + [
            option(p.id, p.name) for p in practitioners
        ]
        self.time.label.text = _l("Time (%(zone)s)", zone=zone)


class VisitForm(_WhenFields):
    """Book a visit."""

    patient_id = SelectField(
        _l("Patient"), coerce=optional_int, validators=[InputRequired(_l("Choose a patient."))]
    )
    kind = SelectField(
        _l("Kind of visit"),
        choices=_choices(VISIT_KINDS, table="visit_kind"),
        default="consultation",
    )
    areas = MultiCheckboxField(_l("Treated areas"), choices=_choices(AREAS, table="area"))
    # Fixed rows rather than a FieldList: WTForms 3.3 renumbers a FieldList's rows
    # when one in the middle is left out, which mixes up rows and their errors.
    threads_0 = FormField(ThreadRowForm, _l("Threads row 1"), name="threads-0")
    threads_1 = FormField(ThreadRowForm, _l("Threads row 2"), name="threads-1")
    threads_2 = FormField(ThreadRowForm, _l("Threads row 3"), name="threads-2")
    notes = TextAreaField(_l("Notes"), validators=[Length(max=4000)])
    walk_in = BooleanField(
        _l("Walk-in: the patient is here now (a start earlier today is allowed)")
    )

    def setup_patients(self, patients: Sequence[Patient]) -> None:
        """Fill the patient choices."""
        self.patient_id.choices = [option("", _l("Choose a patient"))] + [
            option(p.id, f"{p.name} (#{p.id})") for p in patients
        ]

    @property
    def thread_rows(self) -> list[ThreadRowForm]:
        """The thread rows, in order."""
        return [self[f"threads_{i}"].form for i in range(THREAD_ROWS)]

    def thread_inputs(self) -> tuple[list[ThreadInput], list[int]]:
        """Return the non-blank thread rows and, for each, the form row it came from."""
        threads, rows = [], []
        for index, row in enumerate(self.thread_rows):
            if row.is_blank():
                continue
            threads.append(
                ThreadInput(
                    type=row.type.data or "",
                    count=row.count.data or 0,
                    material=row.material.data or None,
                )
            )
            rows.append(index)
        return threads, rows


class MoveForm(_WhenFields):
    """Move a visit: new date, time, duration or practitioner."""


def add_error(form: Any, name: str, message: str) -> None:
    """Show ``message`` next to field ``name`` (or above the form if there is none)."""
    field = form._fields.get(name) if name else None
    if field is None:
        form.form_errors.append(message)
        return
    field.errors = [*field.errors, message]


def apply_errors(
    form: Any,
    errors: Mapping[str, str],
    fields: Mapping[str, str],
    thread_rows: Sequence[int] = (),
) -> None:
    """Put the domain's per-field messages next to the matching form fields."""
    for key, message in errors.items():
        parts = key.split(".")
        if parts[:2] == ["procedure", "threads"] and len(parts) == 4 and parts[2].isdigit():
            position = int(parts[2])
            if position < len(thread_rows):
                add_error(form.thread_rows[thread_rows[position]], parts[3], message)
                continue
        add_error(form, fields.get(key, ""), message)
