"""Segment's Filter Query Language: parse, validate and evaluate FQL statements.

Used by subscription triggers, destination filters' ``if`` and transformations' ``if``.
Parse once (``parse``; the tree is immutable and safe to cache), evaluate per event
(``evaluate``). The syntax accepted matches Segment's ``@segment/fql-ts`` wherever that
library covers a construct; ``patchwire.fql.parser`` lists the exceptions.
"""

from patchwire.fql.errors import FqlSyntaxError
from patchwire.fql.evaluator import evaluate, matches
from patchwire.fql.nodes import Expr
from patchwire.fql.parser import parse, validate

__all__ = ["Expr", "FqlSyntaxError", "evaluate", "matches", "parse", "validate"]
