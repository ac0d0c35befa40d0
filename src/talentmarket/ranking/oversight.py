"""Human oversight of candidate lists, as the company chooses (settings):

- `candidate_order=neutral`: people who pass the filters and the lowest score are shown in
  a neutral order (a fixed shuffle per opening, the same on every page) instead of best
  first, so a reviewer reads each profile rather than trusting the rank;
- `hide_scores`: the score and the explanation's numbers are left out; the skills met,
  partly met and missing stay;
- `mask_names`: a person's name reads "Candidate <id>" until they are shortlisted for the
  opening.

They apply to recruiters, the people who review candidates; admins (HR, auditors) and
the person themself see everything, and integrations are systems with controls of their
own. The audit log keeps the real scores and the order shown, so the ranking can still
be re-explained. A recruiter who opens a person's profile sees their name: masking covers
the lists and the match view, where the first impression is formed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from talentmarket.config import Settings
from talentmarket.principal import Principal
from talentmarket.ranking import schemas

I64 = NDArray[np.int64]
REVIEWERS = ("recruiter",)
SHORTLISTED = ("shortlisted", "selected")


@dataclass(frozen=True)
class Oversight:
    """What a caller's candidate lists hide or reorder."""

    neutral_order: bool = False
    hide_scores: bool = False
    mask_names: bool = False

    @classmethod
    def for_caller(cls, settings: Settings, caller: Principal | None) -> Oversight:
        """The company's settings for recruiters; nothing for anyone else."""
        if caller is None or caller.role not in REVIEWERS:
            return cls()
        return cls(settings.candidate_order == "neutral", settings.hide_scores, settings.mask_names)

    def order(self, order: I64, ids: I64, salt: int) -> I64:
        """The kept pairs in the order shown: best first, or a shuffle fixed per salt (the
        opening) so that paging is stable."""
        if not self.neutral_order or len(order) == 0:
            return order
        key = (ids[order].astype(np.uint64) * np.uint64(2654435761) + np.uint64(salt)) % np.uint64(
            2**32
        )
        return order[np.argsort(key, kind="stable")]

    def apply(
        self, page: schemas.RankedPage[schemas.CandidateMatch], statuses: dict[int, str]
    ) -> None:
        """Hide what the settings hide on a page of candidates (in place)."""
        page.order = "neutral" if self.neutral_order else "score"
        page.scores_hidden = self.hide_scores
        page.names_masked = self.mask_names
        for item in page.items:
            if self.hide_scores:
                item.score = None
                item.explanation = hide_numbers(item.explanation)
            if self.mask_names and statuses.get(item.employee.id) not in SHORTLISTED:
                item.employee.name = masked_name(item.employee.id)


def hide_numbers(why: schemas.Explanation) -> schemas.Explanation:
    """An explanation without its score, parts, weights, contributions and gate."""
    return why.model_copy(
        update={
            "score": None,
            "parts": None,
            "weights": None,
            "contributions": None,
            "must_have_gate": None,
        }
    )


def masked_name(employee_id: int) -> str:
    """What a masked person is called."""
    return f"Candidate {employee_id}"
