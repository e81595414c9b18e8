"""`make bench`: national-scale data served like production and measured page by page (see README)."""
