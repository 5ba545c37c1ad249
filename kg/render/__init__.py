"""What people and other tools read: the interactive HTML graph (:mod:`kg.render.html`),
Markdown reports (:mod:`kg.render.markdown`), PNG plots (:mod:`kg.render.plots`), GraphML,
GEXF and CSV (:mod:`kg.render.exports`). Renderers draw the numbers they are handed
(:mod:`kg.network` computes them) and escape every piece of article text."""
