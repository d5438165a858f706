"""`cic rules [CODE]`: list the rules, or explain one."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.text import Text

from cicmaroc.cli.main import app, console, styled, usage_error


@app.command("rules")
def rules_command(
    code: Annotated[str | None, typer.Argument(help="A rule code such as CIC201: explain that rule.",
                                               show_default=False)] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the rules page in Markdown "
                                           "(the source of docs/rules.md).")] = False,
) -> None:
    """List every rule with its code and severity, or explain one rule."""
    from cicmaroc.rules.docs import rule_markdown, rules_markdown
    from cicmaroc.rules.registry import all_rules, get

    if markdown:
        sys.stdout.write(rules_markdown() if code is None else rule_markdown(_rule(code, get)))
        return
    out = console()
    if code is not None:
        rule = _rule(code, get)
        out.print(styled((f"{rule.code} {rule.name}", "bold"), f" ({rule.severity.value}, {rule.family})"))
        out.print()
        out.print(Text(rule.doc), soft_wrap=True)  # cic's own text, several lines
        return
    for rule in all_rules():
        out.print(f"{rule.code}  {rule.severity.value:<7}  {rule.name:<24} {rule.summary}",
                  soft_wrap=True)


def _rule(code: str, get):  # type: ignore[no-untyped-def]
    rule = get(code)
    if rule is None:
        usage_error(f"There is no rule {code}. `cic rules` lists them all.")
    return rule
