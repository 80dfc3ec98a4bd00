"""Read a ``.dockerignore`` file and decide which context paths it leaves out, as BuildKit does.

Reading follows ``ignorefile.ReadAll`` of moby/patternmatcher, which BuildKit's Dockerfile
frontend uses: a UTF-8 BOM is dropped; a line whose first character is ``#`` is a comment (a
``#`` after leading blanks is not); blanks around a line are trimmed and empty lines skipped; a
leading ``!`` marks an exception (the rest is trimmed again); the pattern is cleaned like Go's
``filepath.Clean`` ("a/./b//c/" becomes "a/b/c", "a/../b" becomes "b") and one leading "/" is
dropped, so "/go.mod" and "go.mod" are the same pattern. ``patternmatcher.New`` then trims and
cleans the result again before it looks for "!", so "/!a" and "./!a" end up as exceptions for
"a", and "/ *" as "*". "/" alone stays "/", which matches no path; "!" alone, "!/" and "/!" are
rejected, as patternmatcher rejects them.

Matching follows ``PatternMatcher.MatchesOrParentMatches``: the patterns are tried in order and
the last one that matches a path decides whether it is left out (a ``!`` pattern brings it
back). A pattern matches a path when it matches the path itself or one of its parent
directories, so "vendor" leaves out "vendor/a/b.go". Within a pattern ``*`` is any run of
characters other than "/", ``?`` is one such character, ``[...]`` is a character class (``^``
negates), ``\\`` escapes the next character and ``**`` is any number of whole directories,
none included. Like BuildKit, a pattern made only of plain characters is compared as a string,
one ending in ``**`` after plain characters as a prefix, and one starting with ``**`` followed
only by plain characters as a suffix (so "**.go" matches "main.go" and "cmd/main.go"); every
other pattern becomes a regular expression built the way BuildKit builds it, compiled when it is
first needed (one with a character class at once, to check that it compiles: a ``*`` or ``?``
inside a class can break BuildKit's expression).

Where BuildKit's regular expression and the glob reading disagree, BuildKit wins: ``*`` or ``?``
inside ``[...]`` expand inside the class (BuildKit's "[*]" does not match "*"), and ``^``
outside a class is an anchor in a pattern that becomes a regular expression. The one
exception is an escaped letter, digit or non-ASCII character, such as ``\\d``: BuildKit hands it
to Go's regular-expression engine (where it means a digit, or is an error); here it stands for
the character itself and the line is reported as a problem.

A pattern ``filepath.Match`` would reject (an unterminated ``[``, an empty class, a trailing
``\\``) makes BuildKit fail the whole build; here it is reported as a problem with its line and
left out of the rules, so the other lines still apply. Nothing in this module reads files.
"""

from __future__ import annotations

import enum
import re
import warnings

from dockerlint_go.record import Record

# The characters Go's strings.TrimSpace removes (unicode.IsSpace); str.strip() would also remove
# the ASCII separators U+001C..U+001F, which Go keeps.
_GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)

# Characters BuildKit escapes before building its regular expression: regular-expression
# syntax with no meaning in a file pattern.
_REGEX_ONLY = frozenset(".+()|{}$")


class IgnoreProblem(Record):
    """A line BuildKit would reject or read differently from what it seems to say."""

    line: int
    message: str


class _Kind(enum.Enum):
    EXACT = "exact"  # plain characters only: compared as a string
    PREFIX = "prefix"  # plain characters then a final "**": a string prefix
    SUFFIX = "suffix"  # a leading "**" then plain characters: a string suffix
    REGEX = "regex"


def _plan(pattern: str) -> tuple[_Kind, str]:
    """How BuildKit matches ``pattern``: the kind, and the regular expression for REGEX.

    This walks the pattern once, as BuildKit's Pattern.compile does, writing Python syntax with
    the same meaning as the Go expression BuildKit writes.
    """
    parts = ["^"]
    kind = _Kind.EXACT
    pos, end = 0, len(pattern)
    first = True
    while pos < end:
        char = pattern[pos]
        pos += 1
        if char == "*" and pos < end and pattern[pos] == "*":
            pos += 1
            if pos < end and pattern[pos] == "/":
                pos += 1
            if pos < end:
                parts.append("(.*/)?")  # capturing, as in Go: it can land inside a class
                kind = _Kind.REGEX
            elif kind is _Kind.EXACT:
                kind = _Kind.PREFIX
            else:
                parts.append(".*")
                kind = _Kind.REGEX
            if first:
                kind = _Kind.SUFFIX
        elif char == "*":
            parts.append("[^/]*")
            kind = _Kind.REGEX
        elif char == "?":
            parts.append("[^/]")
            kind = _Kind.REGEX
        elif char in _REGEX_ONLY:
            parts.append("\\" + char)
        elif char == "\\" and pos < end:
            escaped = pattern[pos]
            pos += 1
            parts.append(re.escape(escaped))
            kind = _Kind.REGEX
        elif char in "[]":
            parts.append(char)
            kind = _Kind.REGEX
        else:
            # Passed through as BuildKit does; of these only "^" means anything to a regular
            # expression, and it means the same (start of text) in Go and Python.
            parts.append("\\\\" if char == "\\" else char)
        first = False
    parts.append(r"\Z")
    return kind, "".join(parts)


class _Matcher:
    """One pattern's matching rule; the regular expression is compiled on first use."""

    __slots__ = ("_regex", "_source", "kind", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.kind, self._source = _plan(text)
        self._regex: re.Pattern[str] | None = None

    def matches(self, path: str) -> bool:
        if self.kind is _Kind.EXACT:
            return path == self.text
        if self.kind is _Kind.PREFIX:
            return path.startswith(self.text[:-2])
        if self.kind is _Kind.SUFFIX:
            suffix = self.text[2:]
            return path.endswith(suffix) or (suffix.startswith("/") and path == suffix[1:])
        if self._regex is None:
            self.compile()
        return self._regex is not None and self._regex.match(path) is not None

    def compile(self) -> str | None:
        """Compile the regular expression now; the reason when it does not compile."""
        try:
            with warnings.catch_warnings():
                # "[[" and similar draw a FutureWarning about nested sets; the meaning today is
                # the one Go gives them.
                warnings.simplefilter("ignore")
                self._regex = re.compile(self._source)
        except re.error as error:
            self._regex = re.compile(r"(?!)")  # matches nothing
            return str(error)
        return None

    def may_match_below(self, directory: str) -> bool:
        """Whether some path strictly inside ``directory`` could match; True when unsure."""
        inside = directory + "/"
        if self.kind is _Kind.EXACT:
            return self.text.startswith(inside)
        if self.kind is _Kind.PREFIX:
            prefix = self.text[:-2]
            return prefix.startswith(inside) or inside.startswith(prefix)
        if self.kind is _Kind.SUFFIX or any(c in self.text for c in "[]\\^"):
            return True
        # Only plain characters, "*", "?" and "**" are left, and only "**" crosses a "/":
        # compare segment by segment until the pattern runs past the directory or meets "**".
        names = directory.split("/")
        for index, segment in enumerate(self.text.split("/")):
            if "**" in segment or index >= len(names):
                return True
            if _plan(segment)[0] is _Kind.EXACT:
                if segment != names[index]:
                    return False
            elif not re.match(_plan(segment)[1], names[index]):
                return False
        return False


class IgnorePattern:
    """One pattern line, cleaned; ``exclusion`` marks a ``!`` line (it brings paths back).

    A value like the records of the model (immutable, compared and hashed by its three fields)
    that also holds its compiled matching rule.
    """

    __slots__ = ("_matcher", "exclusion", "line", "text")

    text: str
    exclusion: bool
    line: int
    _matcher: _Matcher

    def __init__(self, text: str, exclusion: bool, line: int) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "exclusion", exclusion)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "_matcher", _Matcher(text))

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {key!r} of an IgnorePattern")

    def _key(self) -> tuple[str, bool, int]:
        return (self.text, self.exclusion, self.line)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IgnorePattern):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"IgnorePattern(text={self.text!r}, exclusion={self.exclusion!r}, line={self.line!r})"
        )

    def matches(self, path: str) -> bool:
        """Whether the pattern matches ``path`` itself (a cleaned, relative path)."""
        return self._matcher.matches(path)

    def matches_or_parent(self, path: str) -> bool:
        """Whether the pattern matches ``path`` or one of its parent directories."""
        if self._matcher.matches(path):
            return True
        cut = path.find("/")
        while cut >= 0:
            if self._matcher.matches(path[:cut]):
                return True
            cut = path.find("/", cut + 1)
        return False

    def may_match_below(self, directory: str) -> bool:
        """Whether the pattern might match some path strictly inside ``directory``.

        Exact for plain patterns and prefixes; True whenever unsure.
        """
        return self._matcher.may_match_below(directory)


class IgnoreRules(Record):
    """The patterns of a .dockerignore file, in order, and the problems found reading it."""

    patterns: tuple[IgnorePattern, ...] = ()
    problems: tuple[IgnoreProblem, ...] = ()

    def ignored(self, path: str) -> bool:
        """Whether ``path`` (relative to the context, "/"-separated) is left out of the context.

        The context root ("" or ".") is never left out.
        """
        clean = _clean(path.lstrip("/"))
        if clean == ".":
            return False
        matched = False
        for pattern in self.patterns:
            # A pattern that agrees with the answer so far cannot change it: skip the work, as
            # BuildKit does.
            if pattern.exclusion == matched and pattern.matches_or_parent(clean):
                matched = not pattern.exclusion
        return matched

    def deciding(self, path: str) -> IgnorePattern | None:
        """The pattern line that leaves ``path`` out: the last one matching it (or one of its
        parent directories), when that one is not a ``!`` exception. None when ``path`` is
        sent. Agrees with :meth:`ignored`."""
        clean = _clean(path.lstrip("/"))
        if clean == ".":
            return None
        last: IgnorePattern | None = None
        for pattern in self.patterns:
            if pattern.matches_or_parent(clean):
                last = pattern
        return None if last is None or last.exclusion else last

    def may_reinclude_below(self, directory: str) -> bool:
        """Whether some path strictly inside ``directory`` might not be ignored.

        False only when the directory is ignored and no later ``!`` pattern can match anything
        inside it, so a caller may skip the whole directory.
        True when the directory is not ignored at all, and whenever unsure.
        """
        clean = _clean(directory.lstrip("/"))
        if clean == "." or not self.ignored(clean):
            return True
        # A path inside the directory is matched by every pattern that matches the directory,
        # so only an exception after the last of those can bring such a path back.
        last = max(i for i, p in enumerate(self.patterns) if p.matches_or_parent(clean))
        return any(
            pattern.exclusion and pattern.may_match_below(clean)
            for pattern in self.patterns[last + 1 :]
        )


def _clean(path: str) -> str:
    """Go's path.Clean: the shortest equivalent path, lexically."""
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in {"", "."}:
            continue
        if part != "..":
            parts.append(part)
        elif parts and parts[-1] != "..":
            parts.pop()
        elif not rooted:
            parts.append("..")
    body = "/".join(parts)
    if rooted:
        return "/" + body
    return body or "."


def _class_char(pattern: str, pos: int) -> tuple[str, int] | str:
    """One character of a class at ``pos`` (maybe escaped) and the position after it.

    Returns an explanation instead when filepath.Match would reject the pattern there.
    """
    if pos >= len(pattern):
        return "unterminated character class"
    if pattern[pos] in "-]":
        return f"'{pattern[pos]}' where a character class expects a character"
    if pattern[pos] == "\\":
        pos += 1
        if pos >= len(pattern):
            return "unterminated character class"
    if pos + 1 >= len(pattern):
        return "unterminated character class"
    return pattern[pos], pos + 1


def _check(pattern: str) -> tuple[str | None, list[str]]:
    """Check the pattern's syntax as filepath.Match does.

    Returns the reason it is invalid (or None) and notes about escapes BuildKit reads as
    regular-expression syntax.
    """
    notes: list[str] = []
    pos, end = 0, len(pattern)

    def note_escape(at: int) -> None:
        char = pattern[at]
        if not char.isascii() or char.isalnum():
            notes.append(
                f"'\\{char}' in '{pattern}' is a regular-expression escape for BuildKit, not "
                f"the character '{char}'; it is read here as '{char}'"
            )

    while pos < end:
        char = pattern[pos]
        if char == "\\":
            if pos + 1 >= end:
                return "the pattern ends with an unescaped '\\'", notes
            note_escape(pos + 1)
            pos += 2
        elif char == "[":
            pos += 1
            if pos < end and pattern[pos] == "^":
                pos += 1
            ranges = 0
            while True:
                if pos < end and pattern[pos] == "]" and ranges > 0:
                    pos += 1
                    break
                if pattern.startswith("[:", pos):
                    notes.append(
                        f"'[:' in a character class of '{pattern}' starts a POSIX class such as "
                        "[:alpha:] for BuildKit; it is read here as the characters themselves"
                    )
                low = _class_char(pattern, pos)
                if isinstance(low, str):
                    return low, notes
                if pattern[pos] == "\\":
                    note_escape(pos + 1)
                low_char, pos = low
                if pattern[pos] == "-":
                    high = _class_char(pattern, pos + 1)
                    if isinstance(high, str):
                        return high, notes
                    if pattern[pos + 1] == "\\":
                        note_escape(pos + 2)
                    high_char, pos = high
                    if high_char < low_char:
                        return f"reversed range {low_char}-{high_char} in a character class", notes
                ranges += 1
        else:
            pos += 1
    return None, notes


def parse_dockerignore(text: str) -> IgnoreRules:
    """Read the text of a .dockerignore file (already decoded) into rules."""
    if text.startswith("\ufeff"):
        text = text[1:]
    patterns: list[IgnorePattern] = []
    problems: list[IgnoreProblem] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if line.startswith("#"):
            continue
        # What ignorefile.ReadAll hands on: trimmed, "!" split off, cleaned, one "/" dropped.
        entry = line.strip(_GO_SPACE)
        if not entry:
            continue
        invert = entry.startswith("!")
        if invert:
            entry = entry[1:].strip(_GO_SPACE)
        if entry:
            entry = _clean(entry)
            if len(entry) > 1 and entry.startswith("/"):
                entry = entry[1:]
        if invert:
            entry = "!" + entry
        # What patternmatcher.New then does with it: trim and clean again (so "/ *" ends up
        # as "*", and "!/" as "!"), then split off the "!".
        pattern = _clean(entry.strip(_GO_SPACE)) if entry.strip(_GO_SPACE) else ""
        if not pattern:
            continue
        exclusion = pattern.startswith("!")
        if exclusion and pattern == "!":
            problems.append(IgnoreProblem(number, 'illegal exclusion pattern: "!"'))
            continue
        if exclusion:
            pattern = pattern[1:]
        error, notes = _check(pattern)
        if error is not None:
            problems.append(IgnoreProblem(number, f"syntax error in pattern '{pattern}': {error}"))
            continue
        found = IgnorePattern(pattern, exclusion, number)
        if "[" in pattern and found._matcher.kind is _Kind.REGEX:
            # A "*" or "?" inside a class can leave BuildKit's regular expression broken.
            reason = found._matcher.compile()
            if reason is not None:
                problems.append(
                    IgnoreProblem(
                        number,
                        f"syntax error in pattern '{pattern}': the regular expression "
                        "BuildKit makes of it does not compile",
                    )
                )
                continue
        problems.extend(IgnoreProblem(number, note) for note in notes)
        patterns.append(found)
    return IgnoreRules(tuple(patterns), tuple(problems))
