"""Supervision pages: inspections (V1), monthly scores, awards and the leadership's view (V5)."""
