"""Which attribute, and why, for a short text: a title, a catalogue item, the
description of what an applicant asks for. Nothing is stored."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field, StringConstraints

from api.deps import CurrentActor, RuntimeDep
from api.inputs import RequestModel
from classify import suggest_description
from workflow.users import Permission

router = APIRouter(prefix="/api/v1", tags=["suggestion"])

#: Longer than a description: a whole document goes through upload.
MAX_DESCRIPTION = 4000


class DescriptionIn(RequestModel):
    text: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_DESCRIPTION)
    ] = Field(description="标题、目录条目或申请人对所需信息的描述")


class EvidenceOut(BaseModel):
    rule: str
    explanation: str
    article: str | None
    #: The attribute it argues for; none for evidence that only qualifies (个人信息).
    attribute: str | None
    start: int | None
    end: int | None
    #: The words it read, ``text[start:end]`` of the description.
    text: str | None = None


class SuggestionOut(BaseModel):
    attribute: str
    probabilities: dict[str, float]
    #: 0 sure … 1 the two likeliest attributes level.
    uncertainty: float
    ground: str | None
    ground_article: str | None
    category: str | None
    publication_blocked: bool
    #: Every piece of evidence, strongest first, each with the attribute it argues for.
    evidence: list[EvidenceOut]
    conflicts: list[str]
    source: str
    note: str


@router.post("/suggest", response_model=SuggestionOut)
def suggest_for_description(
    body: DescriptionIn, actor: CurrentActor, runtime: RuntimeDep
) -> SuggestionOut:
    """The suggested attribute of the information a short text describes, with the
    articles and words it rests on, for and against."""
    actor.require(Permission.READ)
    return SuggestionOut(**suggest_description(body.text, runtime.settings))
