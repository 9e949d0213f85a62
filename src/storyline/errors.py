"""One error tree. Every error names the input, the stage and the next thing to do."""

from __future__ import annotations

from storyline.model import Rejection


class StorylineError(Exception):
    """Base of every error Storyline raises on purpose."""


class ConfigError(StorylineError):
    """A setting (flag, environment variable or storyline.toml) is wrong."""


class PipelineError(StorylineError):
    """The stage table cannot run as asked, e.g. a stage's requirement is not met."""


class ModelError(StorylineError):
    """The spaCy model named in the settings cannot be loaded."""


class StoreError(StorylineError):
    """The store cannot be opened or is from a newer Storyline."""


class InputRejected(StorylineError):
    """One input (file, record or line) cannot be analysed. Readers raise it; the runner stores it."""

    def __init__(self, rejection: Rejection) -> None:
        self.rejection = rejection
        super().__init__(rejection.message)
