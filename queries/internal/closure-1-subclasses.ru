# title: RDFS closure, step 1: the subclass hierarchy closed
# description: Run once after loading. Property paths do the transitive step inside the engine, so no Python loop touches a triple.
INSERT { ?c rdfs:subClassOf ?d } WHERE { ?c rdfs:subClassOf+ ?d }
