"""RDF: the closed ontology namespace and Event → triples."""
