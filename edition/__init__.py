"""edition: collate differing versions of a text into a TEI critical edition and publish it."""

__version__ = "0.1.0"
