"""The PlanTrack error family: every error names the file and the reason."""

from __future__ import annotations


class PlanTrackError(Exception):
    """Base of all errors PlanTrack raises on purpose."""

    def __init__(self, reason: str, *, file: str | None = None) -> None:
        self.reason = reason
        self.file = file
        super().__init__(f"{file}: {reason}" if file else reason)

    def with_file(self, file: str) -> PlanTrackError:
        """The same error, naming `file` (readers may not know the name)."""
        if self.file:
            return self
        err = type(self)(self.reason, file=file)
        err.__cause__ = self.__cause__
        return err


class InputError(PlanTrackError):
    """The input file cannot be read as a document (empty, binary, broken, too big …)."""


class EmptyInputError(InputError):
    pass


class UnsupportedFormatError(InputError):
    pass


class EncodingError(InputError):
    pass


class TooLargeError(InputError):
    pass


class BrokenFileError(InputError):
    """A file of a known format that is truncated, corrupt or encrypted."""


class NoTextError(InputError):
    """A file that holds no usable text (a scanned PDF, a PDF whose text layer is garbage)."""


class StoreError(PlanTrackError):
    pass


class NotFoundError(PlanTrackError):
    pass
