"""Results as a pandas DataFrame with one typed column per variable.

A column takes the type its values share: integers and years as ``Int64``,
dates and date-times as ``datetime64``, decimals as ``Float64``, booleans as
``boolean``; IRIs, labels and anything of mixed types as ``string``. An unbound
value is missing (``<NA>``, ``NaT``) whatever the column's type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pyoxigraph import Literal

from .terms import PREFIXES

if TYPE_CHECKING:
    import pandas as pd

    from .terms import Term

XSD = PREFIXES["xsd"]
_YEAR = re.compile(r"([+-]?\d+)(?:Z|[+-]\d\d:\d\d)?")
EXTRA = "pip install '.[frames]' in the hspkg checkout (hspkg is not on PyPI)"

# datatype -> pandas dtype of a column whose values all have it
DTYPES: dict[str, str] = {
    **{XSD + name: "Int64" for name in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger", "gYear")},
    **{XSD + name: "Float64" for name in ("decimal", "double", "float")},
    XSD + "boolean": "boolean",
    XSD + "date": "datetime64[ns]",
    XSD + "dateTime": "datetime64[ns]",
}


def frame(variables: Sequence[str], rows: Iterable[dict[str, Term | None]]) -> pd.DataFrame:
    """A DataFrame of ``rows``, one column per variable, typed as the module says.

    >>> from pyoxigraph import NamedNode
    >>> year = Literal("2009", datatype=NamedNode(XSD + "gYear"))
    >>> df = frame(["who", "since"], [{"who": NamedNode("https://w3id.org/hspkg/id/org/ucl"), "since": year}, {"who": None, "since": None}])
    >>> df.dtypes.astype(str).to_dict()
    {'who': 'string', 'since': 'Int64'}
    >>> df["since"].tolist()
    [2009, <NA>]
    """
    try:
        import pandas as pd
    except ImportError:
        from .errors import WorkError

        raise WorkError(f"DataFrames need pandas: {EXTRA}") from None
    table = list(rows)
    return pd.DataFrame({name: _column([row[name] for row in table]) for name in variables}, columns=list(variables))


def _column(terms: list[Term | None]) -> pd.Series:
    import pandas as pd

    present = [t for t in terms if t is not None]
    datatypes = {t.datatype.value if isinstance(t, Literal) else None for t in present}
    only = datatypes.pop() if len(datatypes) == 1 else None
    dtype = DTYPES.get(only) if only else None
    values = [None if t is None else t.value for t in terms]
    if dtype is not None:
        try:
            return _typed(values, dtype)
        except (ValueError, TypeError):
            pass  # an ill-typed literal ("soon"^^xsd:date): the column stays text, nothing is lost
    return pd.Series(values, dtype="string")


def _typed(values: list[str | None], dtype: str) -> pd.Series:
    import pandas as pd

    if dtype.startswith("datetime"):
        return pd.to_datetime(pd.Series(values, dtype="string"), format="ISO8601", utc=any(_zoned(v) for v in values if v))
    if dtype == "boolean":
        return pd.Series([None if v is None else v in ("true", "1") for v in values], dtype="boolean")
    if dtype == "Int64":
        # a gYear may carry a time zone ("2009Z", "2009+01:00"): the year is the number before it
        years = [None if v is None else _YEAR.fullmatch(v) for v in values]
        if any(y is None and v is not None for y, v in zip(years, values, strict=True)):
            raise ValueError("not a year or integer")
        values = [None if y is None else y.group(1) for y in years]
    return pd.to_numeric(pd.Series(values, dtype="string")).astype(pd.api.types.pandas_dtype(dtype))


def _zoned(value: str) -> bool:
    """Whether an xsd:dateTime carries a time zone (then the column is in UTC)."""
    return "T" in value and (value.endswith("Z") or value[-6] in "+-")
