"""The draw form and the checklist form."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django import forms

from openpeel.casefiles.checklist import ANSWERS, Question, checklist

CONFIDENCE = [("90", "90%"), ("95", "95%"), ("99", "99%")]


class MonthField(forms.CharField):
    def to_python(self, value) -> dt.date | None:  # type: ignore[override]  # a month, not text
        value = super().to_python(value).strip()  # type: ignore[union-attr]  # text, "" when empty
        if not value:
            return None
        try:
            return dt.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError("Enter a month as YYYY-MM, for example 2019-01.") from None


class DrawForm(forms.Form):
    theme = forms.ChoiceField(choices=[], widget=forms.RadioSelect)
    first_month = MonthField(label="From (month recorded)")
    last_month = MonthField(label="To (month recorded)")
    margin = forms.DecimalField(
        label="Margin of error, in percentage points", min_value=Decimal("0.1"), max_value=Decimal("49.9"),
        decimal_places=1, initial=Decimal(5),
    )  # fmt: skip
    confidence = forms.ChoiceField(choices=CONFIDENCE, initial="95", widget=forms.RadioSelect)
    seed = forms.IntegerField(
        min_value=0, max_value=2**53, help_text="Any whole number; the same seed draws the same sample."
    )

    def __init__(self, *args, inspection=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if inspection is not None:
            initial.setdefault("first_month", f"{inspection.period_start:%Y-%m}")
            initial.setdefault("last_month", f"{inspection.period_end:%Y-%m}")
        initial.setdefault("seed", secrets.randbelow(10**6))  # a suggestion shown on the form, nothing stored
        initial.setdefault("theme", checklist().themes[0].id)
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [(t.id, t.title) for t in checklist().themes]  # type: ignore[attr-defined]  # a ChoiceField

    def clean(self):
        data = super().clean()
        assert data is not None  # Form.clean gives cleaned_data
        first, last = data.get("first_month"), data.get("last_month")
        if first and last and first > last:
            self.add_error("last_month", "The last month must not be before the first.")
        return data


class ReviewForm(forms.Form):
    notes = forms.CharField(required=False, widget=forms.Textarea, label="Notes (optional)")

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[q.id] = forms.ChoiceField(
                label=q.text,
                choices=list(ANSWERS.items()),
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer: {q.text}"},
            )

    def checklist_fields(self):
        return [(q, self[q.id]) for q in self.questions]

    def answers(self) -> dict[str, str]:
        return {q.id: self.cleaned_data[q.id] for q in self.questions}
