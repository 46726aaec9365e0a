# title: RDFS closure, step 2: the subproperty hierarchy closed
INSERT { ?p rdfs:subPropertyOf ?q } WHERE { ?p rdfs:subPropertyOf+ ?q }
