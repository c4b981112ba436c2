"""FQL source to syntax tree.

Grammar (``and`` binds tighter than ``or``; comparisons tighter than both)::

    statement  := disjunct ('or' disjunct)*
    disjunct   := condition ('and' condition)*
    condition  := '!' (group | operand) | group | operand [op operand]
    group      := '(' statement ')'
    op         := '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in'
    operand    := string | number | 'null' | 'true' | 'false' | list | path | call
    list       := '[' [literal (',' literal)*] ']'
    path       := name ('.' name)*
    call       := contains '(' (string | path | value call) ',' string ')'
                | match    '(' (string | path | value call) ',' string ')'
                | value-function '(' operand ')'

Where our verdict differs from fql-ts's parser (the lexer's differences are in lexer.py):

* fql-ts accepts a bare operand (``a``, ``'x'``) only as the last condition; Segment's own
  docs write ``properties.enabled or match(...)``, so any condition may be bare here.
* fql-ts lets a path run on through any names and dots (``a b``, ``a..b``, ``a.``); a path
  here is names joined by single dots (whitespace around a dot is fine in both).
* fql-ts takes ``!`` between two operands as a comparison operator (``a !b``); here ``!``
  is only prefix negation.
* Beyond fql-ts (it rejects these; Segment documents them): parentheses, prefix ``!``,
  ``in``, list literals, and every function but ``contains`` and ``match``.

As in fql-ts, ``contains``/``match`` take a string or path (``true``/``false`` included:
fql-ts reads them as paths) then a string literal, so
``match('Button *', event)`` (one docs example) is rejected by both.
"""

from __future__ import annotations

from patchwire.fql.errors import FqlSyntaxError
from patchwire.fql.lexer import Kind, Token, tokenize
from patchwire.fql.nodes import (
    And,
    Call,
    Compare,
    CompareOp,
    Expr,
    Function,
    ListLiteral,
    Literal,
    Not,
    Or,
    Path,
    Scalar,
)

# Parentheses, negations and calls nested deeper than this are refused, so neither the
# parser nor the evaluator can be driven into Python's recursion limit by input.
MAX_NESTING = 64

_MAX_INT_DIGITS = 4000
_PREDICATES = frozenset({Function.CONTAINS, Function.MATCH})
_BOOLEANS = {"true": True, "false": False}
_LITERALS = frozenset({Kind.STRING, Kind.NUMBER, Kind.NULL})


def parse(source: str) -> Expr:
    """The syntax tree of ``source``; raises ``FqlSyntaxError`` naming position and reason."""
    return _Parser(source).statement_to_end()


def validate(source: str) -> None:
    """Raise ``FqlSyntaxError`` unless ``source`` is a valid FQL statement."""
    parse(source)


def _scalar(token: Token) -> Scalar:
    if token.kind is not Kind.NUMBER:
        return None if token.kind is Kind.NULL else token.value
    if "." not in token.value and len(token.value) <= _MAX_INT_DIGITS:
        return int(token.value)
    return float(token.value)  # past Python's int-parsing limit: as large as a float gets


def _describe(token: Token) -> str:
    return "the end of the statement" if token.kind is Kind.END else repr(token.raw)


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.index = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind is not Kind.END:
            self.index += 1
        return token

    def expect(self, what: str, *kinds: Kind) -> Token:
        token = self.advance()
        if token.kind not in kinds:
            raise FqlSyntaxError(f"expected {what}, found {_describe(token)}", token.position)
        return token

    def descend(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise FqlSyntaxError(f"nested more than {MAX_NESTING} levels deep", token.position)

    def statement_to_end(self) -> Expr:
        expr = self.statement()
        token = self.peek()
        if token.kind is not Kind.END:
            raise FqlSyntaxError(
                f"expected 'and', 'or' or the end, found {_describe(token)}", token.position
            )
        return expr

    def statement(self) -> Expr:
        operands = [self.disjunct()]
        while self.peek().kind is Kind.OR:
            self.advance()
            operands.append(self.disjunct())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def disjunct(self) -> Expr:
        operands = [self.condition()]
        while self.peek().kind is Kind.AND:
            self.advance()
            operands.append(self.condition())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def condition(self) -> Expr:
        token = self.peek()
        if token.kind is Kind.BANG:
            self.advance()
            self.descend(token)
            target = self.group() if self.peek().kind is Kind.LPAREN else self.operand()
            self.depth -= 1
            return Not(target)
        if token.kind is Kind.LPAREN:
            return self.group()
        left = self.operand()
        token = self.peek()
        if token.kind is Kind.OP:
            self.advance()
            return Compare(CompareOp(token.value), left, self.operand())
        if token.kind is Kind.IDENT and token.raw == "in":
            self.advance()
            return Compare(CompareOp.IN, left, self.operand())
        return left

    def group(self) -> Expr:
        opening = self.expect("'('", Kind.LPAREN)
        self.descend(opening)
        expr = self.statement()
        self.expect("')' or a condition joined by 'and'/'or'", Kind.RPAREN)
        self.depth -= 1
        return expr

    def operand(self) -> Expr:
        token = self.advance()
        if token.kind is Kind.IDENT:
            return self.path_or_call(token)
        if token.kind is Kind.LBRACKET:
            return self.list_rest()
        if token.kind in _LITERALS:
            return Literal(_scalar(token))
        raise FqlSyntaxError(f"expected a value, found {_describe(token)}", token.position)

    def list_rest(self) -> ListLiteral:
        values: list[Scalar] = []
        if self.peek().kind is Kind.RBRACKET:
            self.advance()
            return ListLiteral(())
        while True:
            token = self.advance()
            if token.kind is Kind.IDENT and token.raw in _BOOLEANS:
                values.append(_BOOLEANS[token.raw])
            elif token.kind in _LITERALS:
                values.append(_scalar(token))
            else:
                what = _describe(token)
                raise FqlSyntaxError(f"list items must be literals, found {what}", token.position)
            if self.expect("',' or ']'", Kind.COMMA, Kind.RBRACKET).kind is Kind.RBRACKET:
                return ListLiteral(tuple(values))

    def path_or_call(self, first: Token) -> Expr:
        if self.peek().kind is Kind.LPAREN:
            return self.call(first)
        if first.raw in _BOOLEANS and self.peek().kind is not Kind.DOT:
            return Literal(_BOOLEANS[first.raw])
        segments = [first.value]
        while self.peek().kind is Kind.DOT:
            self.advance()
            segments.append(self.expect("a field name after '.'", Kind.IDENT).value)
        return Path(tuple(segments))

    def call(self, name: Token) -> Call:
        try:
            function = Function(name.value)
        except ValueError:
            raise FqlSyntaxError(f"unknown function {name.value!r}", name.position) from None
        self.descend(name)
        self.expect("'('", Kind.LPAREN)
        if function in _PREDICATES:
            args: tuple[Expr, ...] = (self.subject(function), self.pattern(function))
        else:
            args = (self.operand(),)
        self.expect(f"')' closing {function.value}()", Kind.RPAREN)
        self.depth -= 1
        return Call(function, args)

    def subject(self, function: Function) -> Expr:
        """First argument of contains/match: a string, a path, or a value function's result."""
        token = self.advance()
        if token.kind is Kind.STRING:
            return Literal(token.value)
        if token.kind is Kind.IDENT:
            expr = self.path_or_call(token)
            if isinstance(expr, Call) and expr.function in _PREDICATES:
                raise FqlSyntaxError(
                    f"{function.value}() cannot take {token.value}() as its argument",
                    token.position,
                )
            return expr
        raise FqlSyntaxError(
            f"{function.value}() needs a string or a field path first, found {_describe(token)}",
            token.position,
        )

    def pattern(self, function: Function) -> Literal:
        self.expect(f"',' after the first argument of {function.value}()", Kind.COMMA)
        token = self.expect(f"a quoted string as {function.value}()'s second argument", Kind.STRING)
        return Literal(token.value)
