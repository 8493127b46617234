"""Finding toponym spans in text without a model: gazetteer matches kept or rejected by their context.

``recognizer`` matches capitalized token runs against the gazetteer and keeps or rejects each match
by cues; ``people`` finds people's names; ``lexicon`` holds the word lists and name facts.
"""

from .recognizer import Mention, recognize, recognize_mentions, tokenize

__all__ = ["Mention", "recognize", "recognize_mentions", "tokenize"]
