"""Layer 3: the IATI Standard's own rules (rulesets/standard.json), interpreted as written.

The rule set is data: a context (an XPath selecting elements), then rule kinds, each with cases
of XPath expressions and a `ruleInfo` (id such as 7.5.3, severity, message). This module is a
small interpreter of that format (rulesets/SPEC.rst): one function per rule kind, lxml's XPath 1.0
for the expressions. So the rules run as the Standard states them, and a new standard.json needs
no code unless it brings a new kind of rule; a kind this module does not know is never skipped
silently: `not_applied` lists it and each check reports it (information, CIC803).

Choices where the format leaves room, each in the rule's function below:
- "now" (date_now, and date_order against NOW) is the as-of date given by the caller, never the
  machine's clock, so a file is judged as of the date it describes;
- a loop substitutes its value for `$1` in every expression of the case, as an XPath variable
  (not pasted text, so a value holding a quote cannot change the expression). The Standard's
  2.1.2 loop lists only `paths` for substitution although its condition holds `$1` too; taken to
  the letter, that condition never holds and sector percentages outside vocabulary 1 would never
  be summed, so cic substitutes everywhere, as the rule's message intends;
- `idCondition` (NOT_EXISTING_ORG_ID...) exempts identifiers registered with the IATI Registry;
  cic works offline and does not know the Registry's list, so it applies those rules to every
  identifier (`registry_exempt_ids` lists them);
- date_order compares every matched date, not only the first; "now" compares dates by day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from cicmaroc.codes.iati import CIC803
from cicmaroc.findings import Finding, Items, Location, Severity, phrase
from cicmaroc.i18n import N_
from cicmaroc.iati import standard
from cicmaroc.iati.standard import REFERENCE, codelist, iso_day
from cicmaroc.iati.xmlfile import XmlFile, xpath

_LOOP_VALUE = "loop_value"
_SEVERITY = {"error": Severity.ERROR, "critical": Severity.ERROR, "warning": Severity.WARNING}
#: What one_or_all's "all" names: each of these elements must have the attribute (or child).
_ONE_OR_ALL = {
    "lang": ("descendant::narrative", "@xml:lang", N_("a narrative without xml:lang")),
    "currency": ("descendant::value | descendant::forecast | descendant::loan-status", "@currency",
                 N_("an amount without a currency")),
    "sector": ("transaction", "sector", N_("a transaction without a sector")),
    "recipient-country|recipient-region": ("transaction", "recipient-country | recipient-region",
                                           N_("a transaction without a recipient country or region")),
}
#: A budget or reporting period of "at most one year", in days, as the Standard's validator counts.
_YEAR_DAYS = 365


@dataclass(frozen=True, slots=True)
class RuleCase:
    """One case of one rule kind in one context (a loop's inner case keeps its loop)."""

    context: str
    kind: str
    case: Mapping[str, Any]
    loop: Mapping[str, Any] | None = None
    key: str = ""

    @property
    def id(self) -> str:
        return str(self.case.get("ruleInfo", {}).get("id", "?"))

    @property
    def message(self) -> str:
        text = str(self.case.get("ruleInfo", {}).get("message", "")).strip()
        return text if text.endswith((".", "?", "!")) else f"{text}."

    @property
    def severity(self) -> Severity:
        return _SEVERITY.get(str(self.case.get("ruleInfo", {}).get("severity", "")), Severity.INFO)

    @property
    def guidance(self) -> str:
        """The address of the Standard's guidance on the rule ("" when it names none)."""
        link = self.case.get("ruleInfo", {}).get("link", {})
        if "url" in link:
            return str(link["url"])
        return f"{REFERENCE}{link['path']}" if "path" in link else ""


def applies_to_activities(context: str) -> bool:
    """Whether a context can select anything in an activity file (organisation ones cannot)."""
    return all(part.strip().startswith(("/iati-activities", "//")) for part in context.split("|"))


def cases(ruleset: Mapping[str, Any]) -> list[RuleCase]:
    """Every case of the rule set, loops opened, each with a key unique in the rule set."""
    found: list[RuleCase] = []
    for context, kinds in ruleset.items():
        for kind, block in kinds.items():
            for case in block.get("cases", []):
                if kind == "loop":
                    found += [RuleCase(context, inner, inner_case, case)
                              for inner, inner_block in case.get("do", {}).items()
                              for inner_case in inner_block.get("cases", [])]
                else:
                    found.append(RuleCase(context, kind, case))
    return _keyed(found)


def _keyed(found: list[RuleCase]) -> list[RuleCase]:
    def base(rc: RuleCase) -> str:
        where = rc.context.split("|")[0].strip().rsplit("/", 1)[-1]
        return f"{rc.id} {rc.kind}{' in a loop' if rc.loop else ''} on {where}"

    counts: dict[str, int] = {}
    for rc in found:
        counts[base(rc)] = counts.get(base(rc), 0) + 1
    seen: dict[str, int] = {}
    keyed = []
    for rc in found:
        key = base(rc)
        if counts[key] > 1:
            seen[key] = seen.get(key, 0) + 1
            key = f"{key} #{seen[key]}"
        keyed.append(RuleCase(rc.context, rc.kind, rc.case, rc.loop, key))
    return keyed


def activity_cases(ruleset: Mapping[str, Any]) -> list[RuleCase]:
    return [rc for rc in cases(ruleset) if applies_to_activities(rc.context)]


def not_applied(ruleset: Mapping[str, Any]) -> list[tuple[RuleCase, str]]:
    """The activity rules cic cannot apply, each with the reason (for the docs and the tests)."""
    return [(rc, format(reason)) for rc in activity_cases(ruleset) if (reason := _unsupported(rc))]


def registry_exempt_ids(ruleset: Mapping[str, Any]) -> list[str]:
    """Ids of activity rules the Standard waives for Registry-known identifiers (cic cannot tell)."""
    return sorted({rc.id for rc in activity_cases(ruleset) if "idCondition" in rc.case},
                  key=_id_order)


def _id_order(rule_id: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in rule_id.split("."))


def _unsupported(rc: RuleCase) -> Any:
    """Why cic cannot apply the rule case (a phrase), or "" when it can."""
    if rc.kind not in KINDS:
        return phrase("cic does not know the rule kind '{kind}'", kind=rc.kind)
    if rc.kind == "one_or_all" and rc.case.get("all") not in _ONE_OR_ALL:
        return phrase("cic does not know what one_or_all's \"all\": \"{all}\" requires",
                      all=rc.case.get("all"))
    if rc.kind == "startswith" and "ORG-ID-PREFIX" in rc.case.get("prefix", []) and len(
            rc.case["prefix"]) > 1:
        return phrase("ORG-ID-PREFIX mixed with other prefixes")
    return ""


def check(doc: XmlFile, as_of: dt.date, ruleset: Mapping[str, Any] | None = None) -> Iterator[Finding]:
    """A finding for every rule case that fails on the file, placed on what it is about.

    `ruleset` defaults to the vendored standard.json (tests pass invented ones).
    """
    rules = standard.ruleset() if ruleset is None else ruleset
    env = _Env(doc, as_of)
    for rc in activity_cases(rules):
        reason = _unsupported(rc)
        if reason:
            yield CIC803.finding("not-applied", Location(doc.display), rule=rc.id, kind=rc.kind,
                                 reason=reason)
            continue
        case = _substituted(rc.case) if rc.loop else rc.case  # once, not once per activity
        try:
            for element in env.contexts(rc.context):
                for node, detail in _run(rc, case, element, env):
                    said: dict[str, Any] = {"rule": rc.id, "text": rc.message}
                    if detail:
                        said["detail"] = detail
                    if rc.guidance:
                        said["guidance"] = rc.guidance
                    say = ("failed-detail" if detail else "failed") + ("" if rc.guidance else "-unguided")
                    yield CIC803.finding(say, doc.at(node), severity=rc.severity, **said)
        except etree.XPathError as exc:
            yield CIC803.finding("not-evaluated", Location(doc.display), rule=rc.id, kind=rc.kind,
                                 error=str(exc))


Failure = tuple[Any, Any]  # (the node to point at, a phrase saying what was found, or "")


@dataclass(slots=True)
class _Env:
    doc: XmlFile
    as_of: dt.date
    _contexts: dict[str, list[etree._Element]] = field(default_factory=dict)
    _prefixes: frozenset[str] | None = None

    def contexts(self, context: str) -> list[etree._Element]:
        if context not in self._contexts:
            found = xpath(context)(self.doc.tree)
            self._contexts[context] = [e for e in found if isinstance(e, etree._Element)] if (
                isinstance(found, list)) else []
        return self._contexts[context]

    def org_prefixes(self) -> frozenset[str]:
        """The registration agencies' codes (XM-DAC, BE-BCE_KBO ...) an organisation id starts with."""
        if self._prefixes is None:
            self._prefixes = codelist("OrganisationRegistrationAgency").codes
        return self._prefixes


def _run(rc: RuleCase, case: Mapping[str, Any], element: etree._Element, env: _Env) -> Iterator[Failure]:
    if rc.loop is None:
        yield from _case(rc.kind, case, _Eval(element, env, {}))
        return
    values = xpath(str(rc.loop["foreach"]))(element)
    for value in dict.fromkeys(str(v) for v in values) if isinstance(values, list) else ():
        yield from _case(rc.kind, case, _Eval(element, env, {_LOOP_VALUE: value}))


def _substituted(case: Mapping[str, Any]) -> dict[str, Any]:
    """`$1` (quoted or not) becomes the XPath variable holding the loop's value."""
    def sub(text: str) -> str:
        return text.replace("'$1'", f"${_LOOP_VALUE}").replace("$1", f"${_LOOP_VALUE}")

    return {k: sub(v) if isinstance(v, str) else [sub(x) for x in v] if isinstance(v, list) and all(
        isinstance(x, str) for x in v) else v for k, v in case.items()}


def _case(kind: str, case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    if "condition" in case and not ev.true(case["condition"]):
        return
    yield from KINDS[kind](case, ev)


@dataclass(slots=True)
class _Eval:
    """XPath on one context element, with the loop's variable when there is one."""

    element: etree._Element
    env: _Env
    variables: dict[str, str]

    def select(self, expr: str) -> list[Any]:
        found = xpath(expr)(self.element, **self.variables)
        return found if isinstance(found, list) else []

    def matches(self, paths: Sequence[str]) -> list[Any]:
        return [node for path in paths for node in self.select(path)]

    def true(self, expr: str) -> bool:
        return bool(xpath(f"boolean({expr})")(self.element, **self.variables))

    def dates(self, expr: str) -> list[tuple[Any, dt.date]]:
        """The dates `expr` selects, with their nodes ("NOW" is the as-of date, at the context)."""
        if expr == "NOW":
            return [(self.element, self.env.as_of)]
        found = []
        for node in self.select(expr):
            day = iso_day(_text(node))
            if day is not None:  # a malformed date is the schema's finding, not this rule's
                found.append((node, day))
        return found


def _text(node: Any) -> str:
    return "".join(node.itertext()) if isinstance(node, etree._Element) else str(node)


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


# --- one function per rule kind (rulesets/SPEC.rst) -------------------------------------------

_AFTER_AS_OF = N_("{day} is after the as-of date, {as_of}.")
_QUOTED_VALUE = N_("The value is '{value}'.")

def _no_more_than_one(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """At most one node matches the paths; the second one is where the finding points."""
    nodes = ev.matches(case["paths"])
    if len(nodes) > 1:
        yield nodes[1], phrase("Found {count}.", count=len(nodes))


def _atleast_one(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """At least one node matches the paths; the finding points at the context element."""
    if not ev.matches(case["paths"]):
        yield ev.element, phrase("Found none of: {paths}.", paths=Items(tuple(case["paths"])))


def _only_one_of(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """With an `excluded` match, no path may match; without, exactly one must."""
    nodes = ev.matches(case["paths"])
    for excluded in case.get("excluded", []):
        if ev.select(excluded):
            if nodes:
                yield nodes[0], phrase("This cannot stand beside {excluded}.", excluded=excluded)
        elif len(nodes) != 1:
            yield (nodes[1] if nodes else ev.element), phrase("Found {count}, expected exactly one.",
                                                             count=len(nodes))


def _one_or_all(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """`one` is there, or every element `all` names has what it needs (see _ONE_OR_ALL)."""
    if ev.select(case["one"]):
        return
    elements, needed, what = _ONE_OR_ALL[case["all"]]
    for node in ev.select(elements):
        if not xpath(f"boolean({needed})")(node):
            yield node, phrase("Here is {what}, and no {one} on the activity.", what=phrase(what),
                               one=case["one"])


def _dependent(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """If one of the paths is there, all of them are."""
    present = [p for p in case["paths"] if ev.select(p)]
    if present and len(present) < len(case["paths"]):
        missing = [p for p in case["paths"] if p not in present]
        yield ev.element, phrase("{present} is there but {missing} is not.", present=Items(tuple(present)),
                                 missing=Items(tuple(missing)))


def _sum(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """Like strict_sum, but nothing to add up passes."""
    if ev.matches(case["paths"]):
        yield from _strict_sum(case, ev)


def _strict_sum(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """The values add up to `sum`, exactly (as decimals: 33.33 + 33.33 + 33.34 is 100)."""
    nodes = ev.matches(case["paths"])
    expected = Decimal(str(case["sum"]))
    total = Decimal(0)
    for node in nodes:
        value = _number(_text(node))
        if value is None:
            yield node, phrase("'{text}' is not a number.", text=_text(node))
            return
        total += value
    if total != expected:
        yield (nodes[0] if nodes else ev.element), phrase("They add up to {total}, not {expected}.",
                                                          total=total,
                                                         expected=expected)


def _date_order(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """No `less` date is after a `more` date (NOW: the as-of date); a missing date passes."""
    less, more = ev.dates(case["less"]), ev.dates(case["more"])
    if not less or not more:
        return
    bound = min(day for _, day in more)
    for node, day in less:
        if day > bound:
            if case["more"] == "NOW":
                yield node, phrase(_AFTER_AS_OF, day=day.isoformat(), as_of=bound.isoformat())
            else:
                yield node, phrase("{day} is after {bound}.", day=day.isoformat(), bound=bound.isoformat())


def _date_now(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """The date is not after the as-of date (compared by day)."""
    for node, day in ev.dates(case["date"]):
        if day > ev.env.as_of:
            yield node, phrase(_AFTER_AS_OF, day=day.isoformat(), as_of=ev.env.as_of.isoformat())


def _time_limit(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """From start to end is at most a year (365 days, as the Standard's validator counts)."""
    start, end = ev.dates(case["start"]), ev.dates(case["end"])
    if start and end:
        days = (end[0][1] - start[0][1]).days
        if days > _YEAR_DAYS:
            yield end[0][0], phrase("{start} to {end} is {days} days, more than {most}.",
                                    start=start[0][1].isoformat(), end=end[0][1].isoformat(), days=days,
                                    most=_YEAR_DAYS)


def _between_dates(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """The date lies within start and end (both included)."""
    start, end = ev.dates(case["start"]), ev.dates(case["end"])
    if not start or not end:
        return
    for node, day in ev.dates(case["date"]):
        if not start[0][1] <= day <= end[0][1]:
            yield node, phrase("{day} is outside {start} to {end}.", day=day.isoformat(),
                               start=start[0][1].isoformat(), end=end[0][1].isoformat())


def _regex(case: Mapping[str, Any], ev: _Eval, want: bool) -> Iterator[Failure]:
    pattern = re.compile(case["regex"])
    for node in ev.matches(case["paths"]):
        text = _text(node)
        if text and bool(pattern.search(text)) is not want:
            yield node, phrase(_QUOTED_VALUE, value=text)


def _regex_matches(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """Every (non-empty) value matches the regular expression."""
    return _regex(case, ev, True)


def _regex_no_matches(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """No (non-empty) value matches the regular expression."""
    return _regex(case, ev, False)


def _startswith(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """Each value starts with one of the prefixes (and the separator).

    ORG-ID-PREFIX: an organisation identifier's first two parts ("XM-DAC" in "XM-DAC-2-10") are
    the code of a registration agency, from the OrganisationRegistrationAgency codelist.
    """
    prefixes = case["prefix"]
    for node in ev.matches(case["paths"]):
        text = _text(node)
        if prefixes == ["ORG-ID-PREFIX"]:
            agency = "-".join(text.split("-")[:2])
            if agency not in ev.env.org_prefixes():
                yield node, phrase("'{text}' starts with '{agency}', which is not a registration agency's "
                                   "code.",
                                   text=text, agency=agency)
            continue
        starts = [_text(p) + case.get("separator", "") for path in prefixes for p in ev.select(path)]
        if not any(text.startswith(s) for s in starts):
            shown = Items(tuple(f"'{s}'" for s in starts), " or ") if starts else phrase("(nothing to start "
                                                                                         "with)")
            yield node, phrase("'{text}' does not start with {prefixes}.", text=text, prefixes=shown)


def _unique(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """No two values are the same; the finding points at the repeat."""
    seen: set[str] = set()
    for node in ev.matches(case["paths"]):
        text = _text(node)
        if text in seen:
            yield node, phrase("'{text}' is used twice ({paths}).", text=text,
                               paths=Items(tuple(case["paths"]), " and "))
        seen.add(text)


def _if_then(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """When `if` holds, `then` holds (both as XPath booleans); points at the first path's match."""
    if ev.true(case["if"]) and not ev.true(case["then"]):
        nodes = ev.matches(case.get("paths", []))
        if not nodes:
            yield ev.element, ""
        elif isinstance(nodes[0], etree._Element):
            yield nodes[0], ""
        else:
            yield nodes[0], phrase(_QUOTED_VALUE, value=_text(nodes[0]))


def _range(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """Each value is a number within min and max (both included, either may be absent)."""
    low = Decimal(str(case["min"])) if "min" in case else None
    high = Decimal(str(case["max"])) if "max" in case else None
    for node in ev.matches(case["paths"]):
        value = _number(_text(node))
        if value is None or (low is not None and value < low) or (high is not None and value > high):
            yield node, phrase("The value is {value}.", value=_text(node))


def _no_spaces(case: Mapping[str, Any], ev: _Eval) -> Iterator[Failure]:
    """No value starts or ends with a space or a line break."""
    for node in ev.matches(case["paths"]):
        text = _text(node)
        if text != text.strip():
            yield node, phrase(_QUOTED_VALUE, value=text)


KINDS: dict[str, Callable[[Mapping[str, Any], _Eval], Iterator[Failure]]] = {
    "no_more_than_one": _no_more_than_one, "atleast_one": _atleast_one, "only_one_of": _only_one_of,
    "one_or_all": _one_or_all, "dependent": _dependent, "sum": _sum, "strict_sum": _strict_sum,
    "date_order": _date_order, "date_now": _date_now, "time_limit": _time_limit,
    "between_dates": _between_dates, "regex_matches": _regex_matches,
    "regex_no_matches": _regex_no_matches, "startswith": _startswith, "unique": _unique,
    "if_then": _if_then, "range": _range, "no_spaces": _no_spaces,
}
