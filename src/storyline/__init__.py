"""Storyline: turn a pile of news articles into a sourced, queryable account of the story."""

__version__ = "0.1.0"
