"""## What it does
Reports a `# dockerlint-go ignore=…` comment, or one code in it, that silences nothing:

- the code names no rule (a typo such as `DG012`, or a rule name that does not exist);
- the rule ran but reported nothing on what the comment covers: the instruction below it, the
  stage (`stage ignore=`) or the file (`global ignore=`);
- the comment cannot be read as a suppression (`ignor=`, no codes after `=`, codes separated by
  blanks instead of commas);
- the comment is where it cannot apply: separated from the next instruction by a blank line,
  `stage ignore=` above something other than a FROM, or inside a continued instruction.

A code for a rule that the configuration turned off is not reported: there is no way to tell
whether it would still be needed. Findings of this rule can be suppressed like any other, with a
comment that names `DG001` (for instance `# dockerlint-go global ignore=DG001` while the rules
are being tuned); such a comment that silences nothing is reported too, and that report cannot
be suppressed.

## Why is this bad?
A suppression outlives the problem it was written for. Once the instruction is fixed, the
comment keeps silencing the rule on that line, so the next real finding there goes unnoticed.
A misspelled or misplaced suppression is worse: the author believes a finding is dismissed
while it still fails the build, or believes a rule is active while nothing is checked.

## Example
```dockerfile
FROM golang:1.22
WORKDIR /src
# dockerlint-go ignore=DG102 -- the sources are tiny
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /out/app .
```

```dockerfile
FROM golang:1.22
WORKDIR /src
# dockerlint-go ignore=DG012
COPY . .
RUN go build -o /out/app .
```

## Use instead
Delete suppressions that are no longer needed, and name the rule exactly:

```dockerfile
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /out/app .
```

```dockerfile
FROM golang:1.22
WORKDIR /src
# dockerlint-go ignore=DG102 -- the module has no dependencies
COPY . .
RUN go build -o /out/app .
```

## References
- [ruff: unused-noqa (RUF100)](https://docs.astral.sh/ruff/rules/unused-noqa/)
- [hadolint: inline ignores](https://github.com/hadolint/hadolint#inline-ignores)
- [SARIF 2.1.0: suppressions](https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from dockerlint_go import TYPE_CHECKING
from dockerlint_go.findings import Severity, SuppressionScope
from dockerlint_go.rules._rule import Hit, Rule, RuleKind

if TYPE_CHECKING:
    from dockerlint_go.model.stages import DockerfileModel
    from dockerlint_go.suppress import Directive, Ineffective, Outcome

# How this rule runs. Whether a suppression is used can only be known once every other rule has
# reported, so this is not a fold over the model like the other rules: ``check`` yields
# nothing, and the work is done in ``review``, which the API calls with the outcome of applying
# the suppressions (``dockerlint_go.suppress.apply``) to the other rules' findings. The rule
# imports no rule and the registry still lists it like the others; the API runs the phases:
# check every rule, apply the suppressions, review, then apply the suppressions that name a
# reviewing rule to its findings (see ``dockerlint_go.api.lint_text``). The suppression module
# is imported only when there is something to review, to keep it off the start-up path.

_GRAMMAR = "`# dockerlint-go [stage|global] ignore=CODE[, CODE…] [-- reason]`"


def check(model: DockerfileModel) -> Iterator[Hit]:
    """Nothing to find in the model alone: see ``review``."""
    del model
    return iter(())


def review(outcome: Outcome) -> Iterator[Hit]:
    """One hit per directive that had no effect, and per code of a directive that had none."""
    for item in outcome.ineffective:
        yield Hit(item.directive.span, _message(item), fix=_fix(item))


def _message(item: Ineffective) -> str:
    from dockerlint_go.suppress import Defect

    directive = item.directive
    if item.defect in (Defect.MALFORMED, Defect.MISPLACED):
        return f"{item.defect.value} suppression, ignored: {directive.problem}"
    if item.defect is Defect.UNKNOWN:
        hint = f" (did you mean `{item.suggestion}`?)" if item.suggestion else ""
        return f"`{item.entry}` is not a rule code or name, so it suppresses nothing{hint}"
    assert item.rule is not None
    rule = item.rule
    return (
        f"unused suppression of {rule.code} ({rule.name}): {_where(directive)} has no "
        f"{rule.code} finding"
    )


def _where(directive: Directive) -> str:
    anchor = directive.anchor
    if directive.scope is SuppressionScope.FILE or anchor is None or directive.lines is None:
        return "the file"
    first, last = directive.lines
    lines = f"line {first}" if first == last else f"lines {first}-{last}"
    if directive.scope is SuppressionScope.STAGE:
        return f"the stage at {lines}"
    return f"the {anchor.keyword} at {lines}"


def _fix(item: Ineffective) -> str:
    from dockerlint_go.suppress import Defect

    if item.defect in (Defect.MALFORMED, Defect.MISPLACED):
        return (
            f"Write it as {_GRAMMAR} in the comment block right above the instruction "
            "(above the FROM for `stage`), or delete it."
        )
    if item.defect is Defect.UNKNOWN:
        return "Use a code or name from `dockerlint-go --list-rules`, or delete it."
    return f"Remove `{item.entry}` from the comment, or the whole comment if nothing else is left."


RULE = Rule(
    code="DG001",
    name="unused-suppression",
    severity=Severity.INFO,
    summary="An inline suppression silences nothing: unused, unknown code, malformed or misplaced.",
    doc=__doc__ or "",
    check=check,
    kind=RuleKind.CLARITY,
    review=review,
)
