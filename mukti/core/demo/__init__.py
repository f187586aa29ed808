"""Demo data for a new installation and for benchmarks: `mukti demo`."""
