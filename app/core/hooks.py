"""Extension points a lower area offers to the areas above it.

The layers run core → accounts → organisations → challenges → solutions → evaluation; a
lower area never imports a higher one. When something in a lower area must let a higher
one act in the same transaction (a solution was started: the evaluation area checks its
jurors), the lower area offers a `Hook` and calls it; the higher area registers on it.
"""

from __future__ import annotations

from collections.abc import Callable


class Hook:
    """A list of functions called, in registration order, with the same arguments."""

    def __init__(self, name: str):
        self.name = name
        self._functions: list[Callable[..., None]] = []

    def register(self, function: Callable[..., None]) -> Callable[..., None]:
        """Add a function (once; usable as a decorator)."""
        if function not in self._functions:
            self._functions.append(function)
        return function

    def __call__(self, *args) -> None:
        """Call every registered function with the arguments."""
        for function in list(self._functions):
            function(*args)
