"""好差评 pages: ratings and their follow-ups, the window's rating pad, complaints."""
