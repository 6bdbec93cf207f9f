"""Small-count suppression for anything public or partner-facing."""

SMALL_COUNT_THRESHOLD = 5


def suppress_small(value, threshold: int = SMALL_COUNT_THRESHOLD) -> str:
    """Counts from 1 to threshold-1 become "<5"; 0 and larger counts are shown as is."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    if 0 < number < threshold:
        return f"<{threshold}"
    return str(number)


def hidden_marker() -> str:
    from django.utils.translation import gettext

    return gettext("hidden")


def suppress_group(values, threshold: int = SMALL_COUNT_THRESHOLD) -> list[str]:
    """Display texts for counts of people whose total is shown elsewhere on the
    same page or file (a column that adds up to a headline figure).

    Small counts become "<5" as in `suppress_small`. Subtracting the others from
    the total would give a lone "<5" back, so the smallest other count is hidden
    too; the same when the "<5" cells could only be all 1s or all 4s. Hiding a
    second cell keeps every total exact, which rounding the totals would not.
    """
    numbers = [int(v) if v is not None else None for v in values]
    shown = [suppress_small(v, threshold) if v is not None else "" for v in numbers]
    small = [n for n in numbers if n and 0 < n < threshold]
    pinned = sum(small) in (len(small), (threshold - 1) * len(small))
    if small and (len(small) == 1 or pinned):
        others = sorted((n, i) for i, n in enumerate(numbers) if n and n >= threshold)
        if others:
            shown[others[0][1]] = hidden_marker()
    return shown
