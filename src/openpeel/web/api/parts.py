"""The five operations every kind of inspection part shares: list, add, read, change, delete.

Reading asks `read` (access.visible_inspection for what a published report shows, workspace_inspection for
working material); writing asks for the inspection's workspace and access.may_edit. The models do the rest:
full_clean() on save (422 with the fields), the lock on approved inspections, the audit entry.
"""

# No `from __future__ import annotations`: ninja reads the schemas from the annotations of the functions
# made below, which name this factory's arguments.

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Status as Reply

from openpeel.inspections import access
from openpeel.inspections.models import Inspection, Status
from openpeel.web.api.schemas import responses


def editable(request, inspection_id: int) -> Inspection:
    """The inspection, if the caller may change its evidence, findings and judgments now (else 404 or 403)."""
    inspection = access.workspace_inspection(request.auth, inspection_id)
    access.require(
        access.may_edit(request.auth, inspection),
        f"{inspection} is {Status(inspection.status).label.lower()}: only its assigned inspectors (while a draft) "
        "and moderators (while in moderation) may change it.",
    )
    return inspection


def save(obj, fields: dict):
    """Set the fields given and save (the model validates). A null is refused where the column has none: a
    blank text field would otherwise pass validation and fail in the database."""
    nulls = {k: ["This field may be blank but not null."] for k, v in fields.items()
             if v is None and not obj._meta.get_field(k).null}  # fmt: skip
    if nulls:
        raise ValidationError(nulls)
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.save()
    return obj


def register(router, *, model, related: str, path: str, out, new=None, patch=None, read=access.visible_inspection):
    """Add the operations for `model` (reached as inspection.<related>) under /inspections/{id}/<path>.
    Without `new` and `patch` the part is read-only here."""
    name = path.replace("-", "_")
    collection, item = f"/inspections/{{inspection_id}}/{path}", f"/inspections/{{inspection_id}}/{path}/{{part_id}}"
    words = model._meta.verbose_name

    @router.get(collection, response=responses(list[out]), url_name=f"{path}-list", operation_id=f"list_{name}",
                summary=f"List the {model._meta.verbose_name_plural}")  # fmt: skip
    def list_parts(request, inspection_id: int):
        return getattr(read(request.auth, inspection_id), related).all()

    @router.get(item, response=responses(out), url_name=f"{path}-read", operation_id=f"read_{name}",
                summary=f"Read a {words}")  # fmt: skip
    def read_part(request, inspection_id: int, part_id: int):
        return get_object_or_404(getattr(read(request.auth, inspection_id), related), pk=part_id)

    if new is None:
        return

    @router.post(collection, response=responses(out, 201), url_name=f"{path}-create", operation_id=f"add_{name}",
                 summary=f"Add a {words}")  # fmt: skip
    def add_part(request, inspection_id: int, payload: new):
        return Reply(
            201, save(model(inspection=editable(request, inspection_id)), payload.model_dump(exclude_unset=True))
        )

    @router.patch(item, response=responses(out), url_name=f"{path}-update", operation_id=f"change_{name}",
                  summary=f"Change a {words}")  # fmt: skip
    def change_part(request, inspection_id: int, part_id: int, payload: patch):
        part = get_object_or_404(getattr(editable(request, inspection_id), related), pk=part_id)
        return save(part, payload.model_dump(exclude_unset=True))

    @router.delete(item, response=responses(None, 204), url_name=f"{path}-delete",
                   operation_id=f"delete_{name}", summary=f"Delete a {words}")  # fmt: skip
    def delete_part(request, inspection_id: int, part_id: int):
        get_object_or_404(getattr(editable(request, inspection_id), related), pk=part_id).delete()
        return Reply(204, None)
