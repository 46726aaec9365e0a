# title: RDFS closure, step 4: instances inherit their classes' superclasses
INSERT { ?s a ?d } WHERE { ?s a ?c . ?c rdfs:subClassOf ?d }
