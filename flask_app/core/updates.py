"""Row changes the database decides: counters that move and flags that flip in SQL.

Read-modify-write in Python loses updates between two requests; these send one UPDATE whose
SQL does the arithmetic or checks the condition, in the caller's transaction, and put the
result on the object without a SELECT and without making it a change for the next flush.
Django: a queryset's update() with F() or a filter, in the models themselves.
"""

from sqlalchemy import ColumnElement
from sqlalchemy.orm.attributes import set_committed_value

from flask_app.extensions import db


def increment(row, column: str, delta: int) -> int:
    """`column = column + delta` for this row, in SQL and the current transaction; returns
    the new value, which it sets on the object without a SELECT and without making it a
    change for the next flush to write."""
    model = type(row)
    value = db.session.execute(
        db.update(model)
        .where(model.id == row.id)
        .values({column: getattr(model, column) + delta})
        .returning(getattr(model, column)),
        execution_options={"synchronize_session": False},
    ).scalar_one()
    set_committed_value(row, column, value)
    return value


def update_if(row, condition: ColumnElement[bool], **values) -> bool:
    """Set values on this row where condition still holds; whether the row changed.

    The database decides, not the row this request read: of two moderators removing one
    comment at once, the second finds it removed already, and nothing is counted or logged
    twice (Django: `Model.objects.filter(pk=..., removed=False).update(removed=True)`).
    """
    model = type(row)
    result = db.session.execute(
        db.update(model).where(model.id == row.id, condition).values(values),
        execution_options={"synchronize_session": False},
    )
    if not result.rowcount:
        return False
    for name, value in values.items():
        set_committed_value(row, name, value)
    return True
