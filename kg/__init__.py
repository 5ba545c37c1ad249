"""kg: knowledge graphs of armed-conflict news (Arabic first)."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = f"kg {__version__} rules-ar-2"
