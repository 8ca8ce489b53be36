"""Indirect speech continued in the next sentence (issue 13, seventh round of speakers).

"Calder said the plan would cost $2 billion. It would be paid for by a tax on stock trades.": the second sentence
goes on with what she said, in the backshifted "would" of reported speech, about a thing already named (a pronoun
subject, no new one). Only right after a sentence whose reporting cue is a person's (or a quoted source's), and
only with "would" (a plain "It will ..." or "It costs ..." is as often the writer's own account).
"""

from __future__ import annotations

import re
from typing import Any

#: A sentence opening with a pronoun for a thing and a "would" of reported speech ("It would also ...").
_GOES_ON = re.compile(r"^\W*(?:It|They|This|That)\s+(?:\w+ly\s+)?would\b")


def continues(sent: str, last: tuple[Any, ...] | None, si: int) -> bool:
    """Whether ``sent`` (sentence ``si``) goes on with the reported speech of the sentence before it (the module
    docstring); ``last``: the last reporting cue of a person, (attribution, entity, its sentence index), or None."""
    return last is not None and last[-1] == si - 1 and bool(_GOES_ON.match(sent))
