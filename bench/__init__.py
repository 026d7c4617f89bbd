"""`make bench`: figures for the targets the issues set, printed, never asserted."""
