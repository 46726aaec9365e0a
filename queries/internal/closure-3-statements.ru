# title: RDFS closure, step 3: statements inherit their properties' superproperties
INSERT { ?s ?q ?o } WHERE { ?p rdfs:subPropertyOf ?q . ?s ?p ?o }
