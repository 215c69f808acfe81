"""Synthetic graphs of the project's shape at national scale (`balises synth`), for benchmarks."""
