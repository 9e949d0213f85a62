"""Claims: what sources assert about a story, and whether they agree.

The package will hold the claims found in articles (who says what, when), the quantities inside them
(`quantities.py`: "about 100,000 Russian troops", normalised to a value, bounds and a unit) and the comparison of
claims across sources and dates (agreement). Its first piece is the quantity finder; it is pure (a parsed spaCy
`Doc` in, records out) and reads its vocabulary from `storyline/lexicons/claims/`.
"""
