class AidError(ValueError):
    """A change the rules refuse; the message says what to do, in French."""
