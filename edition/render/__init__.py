"""Render: TEI documents to a static HTML site (the publish half, ARCHITECTURE.md "Site").

XSLT 1.0 stylesheets (``xslt/``) turn the text and the apparatus into HTML
fragments; jinja2 templates (``templates/``) make the pages around them;
OpenCC makes the traditional-script twin of every page.
"""

from .site import render_site

__all__ = ["render_site"]
