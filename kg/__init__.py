"""kg: knowledge graphs of armed-conflict news (Arabic first).

The stages, each a package (see ``docs/architecture.md``)::

    ingest → nlp → extract → events → graph → network → render

with the language packs (:mod:`kg.lang`) plugged into ``nlp`` and ``extract``, and the jobs
on top: :mod:`kg.build`, :mod:`kg.analyze`, :mod:`kg.evaluate`, :mod:`kg.train`, :mod:`kg.cli`.
"""

__version__ = "0.1.0"
