"""The shape of a police force record and of the registry file (forces.yaml).

Validated whole on load, extra keys forbidden, so a typo in the YAML is an error rather than a field
silently ignored. Field meanings: docs/forces.md.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Designation = Literal["Constabulary", "Police", "Police Service"]
# How the inspectorate refers back to a force in its reports and press releases (docs/forces.md).
ReferAs = Literal["the constabulary", "the force"]
Country = Literal["England", "Wales"]

# police.uk slugs: lower-case words joined by hyphens ("avon-and-somerset", "btp").
SLUG = r"^[a-z]+(-[a-z]+)*$"
# GSS police force area codes: E23 for England, W15 for Wales.
PFA_CODE = r"^(E23|W15)\d{6}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Population(_Strict):
    value: int = Field(gt=0)
    year: int = Field(ge=1800, le=2100)
    source: str = Field(min_length=1)


class Force(_Strict):
    id: str = Field(pattern=SLUG, description="police.uk force slug, the stable id")
    name: str = Field(min_length=1, description="official name")
    designation: Designation
    refer_as: ReferAs
    inspectorate_name: str | None = Field(default=None, min_length=1, description="name in running text")
    wording_source: str | None = Field(default=None, pattern=r"^https?://\S+$")
    short_name: str = Field(min_length=1)
    territorial: bool
    pfa_code: str | None = Field(default=None, pattern=PFA_CODE)
    ons_name: str | None = None
    home_office_names: tuple[str, ...] = ()
    police_uk_name: str = Field(min_length=1)
    region: str | None = None
    country: Country | None = None
    population: Population | None = None

    @model_validator(mode="after")
    def _territorial_fields(self) -> Force:
        # A territorial force is defined by its area: code, ONS name, region, country and residents
        # must all be present. BTP has no area, so it must carry none of them.
        area_fields = ("pfa_code", "ons_name", "region", "country", "population")
        if self.territorial:
            missing = [f for f in area_fields if getattr(self, f) is None]
            if missing:
                raise ValueError(f"a territorial force needs {', '.join(missing)}")
        else:
            present = [f for f in area_fields if getattr(self, f) is not None]
            if present:
                raise ValueError(f"a non-territorial force has no force area, so no {', '.join(present)}")
        return self

    @model_validator(mode="after")
    def _wording(self) -> Force:
        # "the constabulary" of a force that is not one would be a typo that reads wrongly in every report.
        if (self.refer_as == "the constabulary") != (self.designation == "Constabulary"):
            raise ValueError(f"refer_as {self.refer_as!r} does not fit designation {self.designation!r}")
        if self.inspectorate_name and not self.wording_source:
            raise ValueError("inspectorate_name needs a wording_source: where the inspectorate writes it so")
        return self

    def refer(self) -> str:
        """How the inspectorate refers back to the force: 'the constabulary', 'the force'."""
        return self.refer_as

    def should(self) -> str:
        """How an area for improvement opens: 'The constabulary should'."""
        return f"{self.refer_as[0].upper()}{self.refer_as[1:]} should"

    def named(self, *, start: bool = False) -> str:
        """The force's name as the inspectorate writes it in a sentence ('the Metropolitan Police'); at the
        start of a sentence with a capital ('The Metropolitan Police')."""
        name = self.inspectorate_name or self.name
        return name[0].upper() + name[1:] if start else name

    @property
    def aliases(self) -> tuple[str, ...]:
        """Every name this force is known by, in the order the look-up prefers them."""
        names = [
            self.id,
            self.name,
            self.short_name,
            self.ons_name,
            self.pfa_code,
            *self.home_office_names,
            self.police_uk_name,
        ]
        return tuple(n for n in names if n)


class RegistryFile(_Strict):
    forces: list[Force] = Field(min_length=1)
