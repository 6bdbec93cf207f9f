class InvalidTransition(Exception):
    """A workflow transition that the object's current state does not allow.

    The message is human and translatable: views show it to the user as is.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)
