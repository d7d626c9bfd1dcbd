"""Old names kept for one release: renamed keywords and functions warn and still work."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from mirbone.errors import user_stacklevel

F = TypeVar("F", bound=Callable[..., Any])

#: The release after which the deprecated names are removed.
REMOVED_IN = "0.3"


def renamed_keywords(**renames: str) -> Callable[[F], F]:
    """Accept the old keyword names ``old=new`` of a function, with a DeprecationWarning."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        msg = f"{function.__name__}() got both {old!r} and its new name {new!r}"
                        raise TypeError(msg)
                    warnings.warn(
                        f"{function.__name__}(): the keyword {old!r} is now {new!r}; "
                        f"{old!r} will be removed in mirbone {REMOVED_IN}",
                        DeprecationWarning,
                        stacklevel=user_stacklevel(),
                    )
                    kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        wrapper.__deprecated_keywords__ = dict(renames)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def renamed_function(function: F, old_name: str) -> F:
    """Return ``function`` under its old name, warning with a DeprecationWarning when called."""

    @functools.wraps(function)
    def alias(*args: Any, **kwargs: Any) -> Any:
        warnings.warn(
            f"{old_name}() is now {function.__module__.split('._')[0]}.{function.__name__}(); "
            f"{old_name}() will be removed in mirbone {REMOVED_IN}",
            DeprecationWarning,
            stacklevel=user_stacklevel(),
        )
        return function(*args, **kwargs)

    alias.__name__ = old_name
    alias.__qualname__ = old_name
    alias.__doc__ = f"Deprecated alias of :func:`{function.__name__}` (removed in {REMOVED_IN})."
    alias.__deprecated_alias_of__ = function  # type: ignore[attr-defined]
    return alias  # type: ignore[return-value]
