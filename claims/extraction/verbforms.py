"""The written forms of a verb, for the word lists of ``attribution`` and ``intents`` (the parser keeps no
lemmatizer: see ``nlp.py``)."""

from __future__ import annotations

_IRREGULAR = {
    "say": ("said",), "tell": ("told",), "write": ("wrote", "written"), "think": ("thought",),
    "find": ("found",), "show": ("shown",), "speak": ("spoke", "spoken"), "meet": ("met",),
    "forecast": ("forecast",), "admit": ("admitted", "admitting"), "testify": ("testified", "testifies"),
    "reply": ("replied", "replies"), "feel": ("felt",), "know": ("knew", "known"),
    "understand": ("understood",), "swear": ("swore", "sworn"), "deny": ("denied", "denies"),
    "signal": ("signaled", "signalled"), "aver": ("averred", "averring"),
    "brag": ("bragged", "bragging"), "fret": ("fretted", "fretting"), "see": ("saw", "seen"),
    "take": ("took", "taken"), "have": ("has", "had", "having"), "lay": ("laid",), "put": ("putting",),
    "hold": ("held",), "bet": ("betting", "bets"), "make": ("made",),
}


def forms(base: str) -> set[str]:
    """Every written form of a verb ("say" -> says, said, saying): the irregular ones from the table."""
    out = {base, *(_IRREGULAR.get(base, ()))}
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        out |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    elif base.endswith("e"):
        out |= {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith(("s", "sh", "ch", "x")):
        out |= {base + "es", base + "ed", base + "ing"}
    else:
        out |= {base + "s", base + "ed", base + "ing"}
    return out
