"""Turns FQL source into tokens, accepting and rejecting what Segment's fql-ts lexer does.

fql-ts (``@segment/fql-ts``) is the lexer Segment ships to browsers; tests/fql runs it over
our corpus. Its rules are narrower than a reader might guess, and we keep them:

* whitespace is only space, tab and newline; any other character outside a string (``\\r``,
  non-ASCII letters, ``@``, ``$`` …) is an error;
* identifiers are ASCII letters, digits, ``_``, ``-`` and ``\\``-escapes of any character,
  and must be followed by whitespace, the end, or one of ``, ] ) . ( = !`` (so ``a<3`` and
  ``a[0]`` are errors while ``a=3`` is fine);
* ``and``, ``or`` and ``null`` are keywords only when a terminator (whitespace, the end,
  ``, ] )``) follows, so ``null.x`` and ``and_more`` are identifiers;
* ``!=``, ``<=`` and ``>=`` are one operator only when a terminator follows them (``a <=3``
  lexes as ``<`` ``=`` ``3`` and fails to parse); ``!`` directly before a letter or ``(``
  is negation, and any other ``!`` that is not ``!=`` is an error;
* strings take either quote and have no escapes: they end at the next quote of the same
  kind, which must be followed by a terminator;
* numbers are ``[+-]?`` then digits and at most one ``.`` that is not last (``1.`` before a
  terminator is an error; ``1.`` before ``and`` is the number 1.0, as in fql-ts), and
  nothing need separate them from what follows (``3and`` is ``3`` ``and``).

Two deliberate differences: a sign with no digits (``-``) is an error here, where fql-ts
makes it a number token; and fql-ts, on reaching the end of the source while checking for
a keyword after ``a``/``n``, silently drops the characters it read (``x = a"`` passes
there), which we do not copy.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from enum import Enum

from patchwire.fql.errors import FqlSyntaxError

# fql-ts refuses literals this long (it counts UTF-16 code units; we count characters).
MAX_LITERAL = 100_000

_WHITESPACE = frozenset(" \t\n")
_TERMINATORS = _WHITESPACE | frozenset(",])")
_LETTERS = frozenset(string.ascii_letters)
_DIGITS = frozenset(string.digits)
_IDENT_CHARS = _LETTERS | _DIGITS | frozenset("_-\\")
_AFTER_IDENT = _TERMINATORS | frozenset(".(=!")


# OP is any comparison operator (= != < <= > >=); BANG is prefix negation.
Kind = Enum(
    "Kind", "IDENT STRING NUMBER NULL AND OR OP BANG DOT COMMA LPAREN RPAREN LBRACKET RBRACKET END"
)

_KEYWORDS = (("and", Kind.AND), ("or", Kind.OR), ("null", Kind.NULL))
_PUNCTUATION = {".": Kind.DOT, ",": Kind.COMMA, "(": Kind.LPAREN, ")": Kind.RPAREN}
_PUNCTUATION |= {"[": Kind.LBRACKET, "]": Kind.RBRACKET}


@dataclass(frozen=True, slots=True)
class Token:
    """``value`` is the meaning (escapes resolved, quotes removed); ``raw`` the source text.

    The parser tells ``in``/``true`` from the escaped identifiers ``\\in``/``\\true`` by
    ``raw``, which is how a field literally named ``true`` stays reachable.
    """

    kind: Kind
    value: str
    raw: str
    position: int


def tokenize(source: str) -> list[Token]:
    """All tokens of ``source``, ending with one ``END`` token at ``len(source)``."""
    return _Lexer(source).run()


class _Lexer:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens: list[Token] = []

    def char(self, at: int) -> str:
        """The character at ``at``, or ``""`` past the end."""
        return self.source[at] if at < len(self.source) else ""

    def ends(self, at: int) -> bool:
        """Whether a keyword or operator may stop just before ``at``."""
        c = self.char(at)
        return c == "" or c in _TERMINATORS

    def emit(self, kind: Kind, start: int, end: int, value: str | None = None) -> int:
        raw = self.source[start:end]
        self.tokens.append(Token(kind, raw if value is None else value, raw, start))
        return end

    def run(self) -> list[Token]:
        pos = 0
        while (c := self.char(pos)) != "":
            if c in _WHITESPACE:
                pos += 1
            elif c == "!":
                pos = self.bang(pos)
            elif c == "=":
                pos = self.emit(Kind.OP, pos, pos + 1)
            elif c in "<>":
                wide = self.char(pos + 1) == "=" and self.ends(pos + 2)
                pos = self.emit(Kind.OP, pos, pos + (2 if wide else 1))
            elif c in _LETTERS or c in "\\_":
                pos = self.word(pos)
            elif c in _DIGITS or c in "+-":
                pos = self.number(pos)
            elif c in "\"'":
                pos = self.string(pos)
            elif c in _PUNCTUATION:
                pos = self.emit(_PUNCTUATION[c], pos, pos + 1)
            else:
                raise FqlSyntaxError(f"invalid character {c!r}", pos)
        self.emit(Kind.END, pos, pos)
        return self.tokens

    def bang(self, pos: int) -> int:
        after = self.char(pos + 1)
        if after in _LETTERS or after == "(":
            return self.emit(Kind.BANG, pos, pos + 1)
        if after == "=" and self.ends(pos + 2):
            return self.emit(Kind.OP, pos, pos + 2)
        raise FqlSyntaxError(
            "'!' must be followed by a name or '(' (negation), or be '!=' followed by a space",
            pos,
        )

    def word(self, pos: int) -> int:
        for text, kind in _KEYWORDS:
            end = pos + len(text)
            if self.source.startswith(text, pos) and self.ends(end):
                return self.emit(kind, pos, end)
        chars: list[str] = []
        end = pos
        while True:
            c = self.source[end]
            if c == "\\":
                end += 1
                if end == len(self.source):
                    raise FqlSyntaxError("expected a character after the escape '\\'", end - 1)
                c = self.source[end]
            chars.append(c)
            end += 1
            if len(chars) >= MAX_LITERAL:
                raise FqlSyntaxError("identifier is too long", pos)
            if self.char(end) not in _IDENT_CHARS:
                break
        after = self.char(end)
        if after != "" and after not in _AFTER_IDENT:
            raise FqlSyntaxError(f"unexpected character {after!r} after a field name", end)
        return self.emit(Kind.IDENT, pos, end, "".join(chars))

    def number(self, pos: int) -> int:
        end = pos + 1
        has_digit = self.source[pos] in _DIGITS
        has_dot = False
        while (c := self.char(end)) in _DIGITS or c == ".":
            if c == ".":
                if self.ends(end + 1):
                    raise FqlSyntaxError("a number cannot end with a decimal point", end)
                if has_dot:
                    raise FqlSyntaxError("multiple decimal points in one number", end)
                has_dot = True
            else:
                has_digit = True
            end += 1
            if end - pos - 1 >= MAX_LITERAL:
                raise FqlSyntaxError("number is too long", pos)
        if not has_digit:
            raise FqlSyntaxError("expected digits in number", pos)
        return self.emit(Kind.NUMBER, pos, end)

    def string(self, pos: int) -> int:
        quote = self.source[pos]
        close = self.source.find(quote, pos + 1)
        if close == -1:
            raise FqlSyntaxError("unterminated string", pos)
        if close - pos - 1 >= MAX_LITERAL:
            raise FqlSyntaxError("string is too long", pos)
        if not self.ends(close + 1):
            # fql-ts reuses such a quote to open another string, which no statement allows.
            raise FqlSyntaxError("expected a space, ',', ']' or ')' after a string", close + 1)
        return self.emit(Kind.STRING, pos, close + 1, self.source[pos + 1 : close])
