"""Forms of the working pages. They only collect input: the models validate it on save (full_clean), and
save_part() turns the model's ValidationError into errors on the form, shown in the GOV.UK error summary."""

from __future__ import annotations

import datetime as dt
import warnings
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from openpeel.forces import all_forces
from openpeel.frameworks import all_frameworks, newest_first
from openpeel.inspections.models import FieldworkNote, Finding, Recommendation
from openpeel.inspections.models.findings import AFI_OPENING, afi_openings
from openpeel.inspections.rules import GradeRuleWarning

LONDON = zoneinfo.ZoneInfo("Europe/London")

_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.DateInput: "govuk-input govuk-input--width-10",
    forms.TimeInput: "govuk-input govuk-input--width-5",
    forms.TextInput: "govuk-input",
}


def date_field(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    return forms.DateField(label=label, required=required, widget=widget, help_text=help_text)


def judged_choices(framework) -> list[tuple[str, str]]:
    """Areas (or pillars and their questions): the units findings and judgments belong to."""
    out = []
    for node, parent in framework.walk():
        if node.kind == "characteristic":
            continue
        out.append((node.id, f"{parent.title}: {node.title}" if parent else node.title))
    return out


class GovukForm(forms.Form):
    """Gives each widget its GOV.UK Frontend class (radios and checkboxes are laid out by the template)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            cls = next((c for t, c in _CLASSES.items() if type(field.widget) is t), None)
            if cls:
                field.widget.attrs.setdefault("class", cls)


class PartForm(GovukForm):
    """A form for one kind of evidence or finding. `model_fields` are copied onto the object as they are."""

    model_fields: tuple[str, ...] = ()
    area_field = "area_id"
    area_required = True

    def __init__(self, *args, inspection, instance, **kwargs):
        self.inspection, self.instance = inspection, instance
        if instance.pk and "initial" not in kwargs:
            kwargs["initial"] = {f: getattr(instance, f) for f in self.model_fields}
        super().__init__(*args, **kwargs)
        if self.area_field in self.fields:
            empty = [] if self.area_required else [("", "Not about one area")]
            self.fields[self.area_field].choices = empty + judged_choices(inspection.framework)  # type: ignore[attr-defined]  # a ChoiceField

    def apply(self, obj) -> None:
        for name in self.model_fields:
            if name in self.cleaned_data:
                setattr(obj, name, self.cleaned_data[name])

    def after_save(self, obj) -> None:
        """Anything saved with the object, in the same transaction."""


def save_part(form: PartForm, obj) -> bool:
    """Save `obj` from a valid form; a model ValidationError becomes form errors (and nothing is saved)."""
    form.apply(obj)
    try:
        with transaction.atomic(), warnings.catch_warnings():
            # Drafting grades against the rules only warns; the grade pages show those problems themselves.
            warnings.simplefilter("ignore", GradeRuleWarning)
            obj.save()
            form.after_save(obj)
    except ValidationError as e:
        for field, messages in e.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        if obj._state.adding:
            obj.pk = None  # the rolled-back insert gave it an id that does not exist
        return False
    return True


class StartForm(GovukForm):
    force_id = forms.ChoiceField(label="Force")
    framework_id = forms.ChoiceField(label="Framework", widget=forms.RadioSelect)
    period_start = date_field("Start of the period inspected")
    period_end = date_field("End of the period inspected")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        forces = sorted((f for f in all_forces() if f.territorial), key=lambda f: f.name)
        choices = [("", "Choose a force")] + [(f.id, f.name) for f in forces]
        self.fields["force_id"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField
        frameworks = newest_first(all_frameworks())
        # The current cycle first and already chosen: it is what a new inspection is almost always against.
        self.fields["framework_id"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            (f.id, f.title + (" (current)" if f.current else "")) for f in frameworks
        ]
        self.fields["framework_id"].initial = frameworks[0].id


class AttachSnapshotForm(GovukForm):
    indicator_id = forms.ChoiceField(label="Indicator")
    period = forms.CharField(
        label="Month (optional)",
        required=False,
        max_length=7,
        help_text="Written YYYY-MM, for example 2019-01. Leave empty for the indicator's latest month.",
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, panels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_id"].choices = [("", "Choose an indicator")] + [  # type: ignore[attr-defined]  # a ChoiceField
            (p.indicator.id, p.indicator.title) for p in panels
        ]
        self.fields["period"].widget.attrs["class"] = "govuk-input govuk-input--width-5"


class SnapshotNoteForm(PartForm):
    model_fields = ("note",)
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the note can change: the figures are the evidence as it was seen.",
    )


class DocumentForm(PartForm):
    model_fields = ("title", "file", "effective_date", "area_id", "description")
    area_required = False
    title = forms.CharField(label="Title", max_length=300)
    file = forms.FileField(
        label="File", help_text="PDF, DOCX, ODT, TXT, CSV, PNG or JPEG, at most 20 MB.", required=True
    )
    effective_date = date_field("Effective date", help_text="The date the document speaks for, not today.")
    area_id = forms.ChoiceField(label="Area", required=False)
    description = forms.CharField(label="Description (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # a stored file keeps its hash: replace it by uploading a new document
            del self.fields["file"]


class NoteForm(PartForm):
    model_fields = ("kind", "held_on", "area_id", "participants", "text")
    area_required = False
    kind = forms.ChoiceField(label="Kind of fieldwork", choices=FieldworkNote.Kind.choices, widget=forms.RadioSelect)
    held_on = date_field("Held on")
    area_id = forms.ChoiceField(label="Area", required=False)
    participants = forms.CharField(
        label="Participants (optional)", required=False, max_length=300, help_text="Roles, not names."
    )
    text = forms.CharField(label="Notes", widget=forms.Textarea)


class FindingForm(PartForm):
    model_fields = ("area_id", "characteristic_ids", "kind", "text")
    area_id = forms.ChoiceField(label="Area")
    characteristic_ids = forms.MultipleChoiceField(
        label="Characteristics of good performance this finding speaks to",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(label="Strength or weakness", choices=Finding.Kind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label="Finding", widget=forms.Textarea)

    def __init__(self, *args, area_id: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        framework = self.inspection.framework
        area_id = area_id or self.instance.area_id or self.data.get("area_id")
        areas = [a for a in framework.areas if a.characteristics and (not area_id or a.id == area_id)]
        self.fields["characteristic_ids"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            (c.id, c.title if area_id else f"{a.title}: {c.title}") for a in areas for c in a.characteristics
        ]
        if area_id and not self.is_bound:
            self.initial.setdefault("area_id", area_id)
        if not self.fields["characteristic_ids"].choices:  # type: ignore[attr-defined]  # a ChoiceField
            del self.fields["characteristic_ids"]  # older frameworks link findings to the area alone


class AreaForImprovementForm(PartForm):
    model_fields = ("area_id", "text")
    area_id = forms.ChoiceField(label="Area")
    text = forms.CharField(label="Area for improvement", widget=forms.Textarea, help_text=f'Begin "{AFI_OPENING} ...".')

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, inspection=inspection, **kwargs)
        # As the cycle's reports word it for this force: "The constabulary should ..." of a constabulary.
        self.fields["text"].help_text = f'Begin "{afi_openings(inspection)[0]} ...".'


class CauseOfConcernForm(PartForm):
    model_fields = ("area_id", "text", "accelerated")
    area_id = forms.ChoiceField(label="Area")
    text = forms.CharField(label="Cause of concern", widget=forms.Textarea)
    accelerated = forms.BooleanField(
        label="Accelerated: publish early (significant service failure or risk to public safety)", required=False
    )
    recommendation = forms.CharField(
        label="Recommendation", widget=forms.Textarea, help_text="Every cause of concern needs at least one."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # recommendations of an existing cause are added and edited one by one
            del self.fields["recommendation"]

    def after_save(self, cause) -> None:
        if "recommendation" in self.fields:
            try:
                Recommendation.objects.create(cause=cause, text=self.cleaned_data["recommendation"])
            except ValidationError as e:
                raise ValidationError({"recommendation": e.messages}) from None


class RecommendationForm(PartForm):
    model_fields = ("text", "due_date")
    text = forms.CharField(label="Recommendation", widget=forms.Textarea)
    due_date = date_field("Due date (optional)", required=False)


class InnovativePracticeForm(PartForm):
    model_fields = ("area_id", "text")
    area_id = forms.ChoiceField(label="Area")
    text = forms.CharField(label="Innovative practice", widget=forms.Textarea)


class ReportTextForm(PartForm):
    model_fields = ("summary", "quote", "quote_by", "quote_title")
    summary = forms.CharField(label="HM Inspector's summary", widget=forms.Textarea(attrs={"rows": 10}),
                              help_text="At the head of the report, after the table of grades. Markdown: # a "
                              "heading, a blank line between paragraphs, - for a list.")  # fmt: skip
    quote = forms.CharField(label="Quote for the press release", widget=forms.Textarea, required=False)
    quote_by = forms.CharField(label="Who is quoted", help_text="Their name, e.g. Roy Wilsher.", required=False)
    quote_title = forms.CharField(label="Their title", help_text="e.g. HM Inspector of Constabulary.", required=False)

    def clean(self):
        data = super().clean()
        assert data is not None  # Form.clean gives cleaned_data
        if data.get("quote") and not (data.get("quote_by") and data.get("quote_title")):
            raise forms.ValidationError("A quote needs the name and title of who said it.")
        return data


class NarrativeForm(PartForm):
    model_fields = ("text",)
    text = forms.CharField(
        label="Main findings",
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Markdown: # a heading, a blank line between paragraphs, - for a list, **bold**, "
        "[words](#data-…) to link to the evidence. HTML is shown as typed, never run.",
    )


class JudgmentForm(PartForm):
    model_fields = ("grade_id", "rationale")
    grade_id = forms.ChoiceField(label="Grade", widget=forms.RadioSelect)
    rationale = forms.CharField(label="Rationale", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade_id"].choices = [(g.id, g.label.capitalize()) for g in self.inspection.framework.grades()]  # type: ignore[attr-defined]  # a ChoiceField


class ScheduleForm(GovukForm):
    embargo_date = date_field("Embargo date")
    embargo_time = forms.TimeField(
        label="Embargo time (UK time)",
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        help_text="Europe/London: GMT in winter, BST in summer.",
    )

    def embargo_at(self) -> dt.datetime:
        naive = dt.datetime.combine(self.cleaned_data["embargo_date"], self.cleaned_data["embargo_time"])
        return naive.replace(tzinfo=LONDON)
