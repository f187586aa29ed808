"""Mukti: case management and impact reporting for organisations that fight human trafficking."""
