"""`cic rules [CODE]`: list the rules, or explain one."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import LangOption, console, option, refusals, styled, usage_error


def rules(
    code: Annotated[str | None, typer.Argument(help="A rule code such as CIC201: explain that rule.",
                                               show_default=False)] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the rules page in Markdown "
                                           "(the source of docs/rules.md).")] = False,
    lang: LangOption = None,
) -> None:
    """List every rule with its code and severity, or explain one rule."""
    with refusals(option(lang)):
        language = api.language(option(lang), "en")
    declared = None
    if code is not None:
        declared = api.rule(code)
        if declared is None:
            usage_error(f"There is no rule {code}. `cic rules` lists them all.")
    if markdown:
        sys.stdout.write(api.rules_markdown(declared))
        return
    out = console()
    if declared is not None:
        name, kind, paragraphs = api.explain(declared, language)
        out.print(styled((name, "bold"), f" {kind}"))
        for paragraph in paragraphs:
            out.print()
            out.print(paragraph)  # cic's console prints text as written, wrapped to the terminal
        return
    for code_, severity, name, summary in api.rule_summaries(language):
        out.print(f"{code_}  {severity:<7}  {name:<24} {summary}", soft_wrap=True)
