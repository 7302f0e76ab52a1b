"""One module per Dutch identifier, shaped like python-stdnum: compact, validate, classify."""
