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
