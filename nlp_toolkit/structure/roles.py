"""Section roles from heading wording (resources/roles.yml)."""
from __future__ import annotations


from nlp_toolkit import resources
from nlp_toolkit.structure.view import to_simplified


@resources.compiled("roles.yml")
def _keywords() -> list[tuple[str, str, int]]:
    """(keyword, role, order) for every role keyword."""
    table = resources.data("roles.yml")
    return [(kw, role, order) for order, (role, kws) in enumerate(table.items()) for kw in kws]


def role_of(heading: str) -> tuple[str | None, str]:
    """The role a heading names and why: the longest keyword wins, ties go to the earlier role."""
    text = to_simplified(heading)
    hits = [(len(kw), -order, role, kw) for kw, role, order in _keywords() if kw in text]
    if not hits:
        return None, ""
    _, _, role, kw = max(hits)
    return role, f"标题含“{kw}”"
