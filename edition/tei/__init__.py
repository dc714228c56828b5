"""TEI: writing it (``encode``), reading it safely (``read``), rebuilding witnesses from it (``rebuild``).

The publish half of the edition reads TEI and nothing else, so a TEI file made
elsewhere goes through exactly the same code as our own.
"""
