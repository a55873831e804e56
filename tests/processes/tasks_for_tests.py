"""A task that only the worker tests enqueue: it proves the worker runs our code."""

from django.tasks import task


@task()
def add(a: int, b: int) -> int:
    return a + b
