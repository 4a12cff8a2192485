"""Text in, findings out: segmentation, rules as data, matching, scoring.

This package imports no database, web or CLI framework.
"""
