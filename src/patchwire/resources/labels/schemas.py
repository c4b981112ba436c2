from __future__ import annotations

from patchwire.resources.sources.schemas import LabelIn, WireModel


class CreateLabelIn(WireModel):
    label: LabelIn
