"""The knowledge graph: events → RDF, the store, SPARQL queries, validation, the endpoint.

- :mod:`kg.graph.rdf`: articles, events and relations → named graphs (``docs/graph-shape.md``);
- :mod:`kg.graph.store`: the Oxigraph store (incremental, transactional) and
  :class:`~kg.graph.store.GraphView`, how later stages read any graph with pyoxigraph;
- :mod:`kg.graph.query` and ``queries/*.rq``: the shipped SPARQL queries;
- :mod:`kg.graph.validate`: SHACL validation against ``ontology/shapes.ttl``;
- :mod:`kg.graph.serve`: the read-only SPARQL endpoint (``kg serve``), its queries run by
  :mod:`kg.graph.serve_pool` in worker processes.

The vocabulary (IRIs, event types, modes, kinds) is :mod:`kg.vocab`, read from
``ontology/kg.ttl``.
"""
