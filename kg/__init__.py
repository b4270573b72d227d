"""kg: turn news articles into a knowledge graph of who met, backed or opposed whom."""

__version__ = "0.1.0"
