"""Writes with rules or side effects, one module per subject; import from the module itself."""
