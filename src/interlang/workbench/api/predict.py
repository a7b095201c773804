"""Reading-difficulty prediction for any text: shipped, ML and rule-based, with the feature breakdown."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from interlang.workbench import service
from interlang.workbench.api.deps import CurrentUser, state
from interlang.workbench.api.schemas import PredictIn

router = APIRouter(prefix="/api", tags=["predict"])


@router.post("/predict")
def predict(body: PredictIn, request: Request, user: CurrentUser) -> dict[str, Any]:
    """Difficulty level, combined probabilities, each model's output (rules with their trace) and every feature.

    Reviewers and admins only: an annotator could otherwise ask the model before assessing.
    """
    from interlang.workbench.prediction import predict as run

    service.require(user, *service.REVIEWERS)
    return run(body.text, body.language, models=tuple(body.models), ml_model=body.ml_model,
               models_dir=state(request).settings.models_dir)
