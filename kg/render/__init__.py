"""What people and other tools read: HTML, Markdown, plots, GraphML, GEXF and CSV.

The interactive HTML graph is :mod:`kg.render.html`, the reports :mod:`kg.render.markdown`,
the PNG plots :mod:`kg.render.plots`, GraphML, GEXF and CSV :mod:`kg.render.exports`.
Renderers draw the numbers they are handed (:mod:`kg.network` computes them) and escape
every piece of article text.
"""
