"""Language-neutral spaCy building blocks: the components every language pipeline reuses.

A language pack (:mod:`kg.lang`) assembles its pipeline from these parts and its own data:

- :mod:`kg.nlp.extensions`: the custom attributes the stages share (``doc._.article``,
  ``doc._.readings``, ``doc._.events``, ``doc._.relations``, ``span._.rule``), the span group
  names, and :func:`~kg.nlp.extensions.article_docs` to run a pipeline over articles;
- :mod:`kg.nlp.sentences`: sentence boundaries at paragraph breaks and full stops;
- :mod:`kg.nlp.gazetteer`: registry names matched on normalized tokens;
- :mod:`kg.nlp.triggers`: typed trigger rules (:class:`~kg.nlp.triggers.TriggerRule`) and the
  matcher that marks them in the text;
- :mod:`kg.nlp.ner`: a trained NER sourced into the pipeline, and the document pass that
  spreads the names it found to their other mentions.
"""
