"""The writers of the export formats: one module per format of :mod:`hspkg.formats` (``graphml``, ``gexf``, ``cytoscape``, ...).

The RDF formats, VoID and the ontology's documentation are written beside this
package (:mod:`hspkg.writers` names every writer); :mod:`hspkg.export` chooses the
format and writes its files. This package imports nothing itself, so a writer is
loaded without the caller that chose it.
"""
