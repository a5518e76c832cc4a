"""The generated customer-review training texts: deterministic, labelled, every bank language, split by clause."""

from __future__ import annotations

from collections import Counter

from cxloop.text.synthetic import BANKS, generate


def test_generate_is_deterministic_and_covers_every_language() -> None:
    rows = generate(per_language=60, seed=3)
    assert rows == generate(per_language=60, seed=3)
    counts = Counter(r.language for r in rows)
    assert set(counts) == set(BANKS) >= {"en", "th", "ar", "zh", "ja"}
    assert all(n == 60 for n in counts.values())
    assert {r.label for r in rows} == {"neg", "pos", "neu"}
    assert {r.source for r in rows} == {"generated"}
    assert len({r.text for r in rows}) == len(rows)
    assert not any("{item}" in r.text for r in rows)


def test_heldout_clauses_never_appear_in_the_other_side() -> None:
    seen = generate(["en"], per_language=400, seed=1, heldout=False)
    unseen = generate(["en"], per_language=100, seed=2, heldout=True)
    held = {c for c in BANKS["en"]["neg"] if all(c.split("{")[0] not in r.text.lower() for r in seen)}
    assert held
    assert any(c.split("{")[0] in r.text.lower() for r in unseen for c in held)
