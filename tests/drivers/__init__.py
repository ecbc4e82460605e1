"""Drivers that run one app (in-process or live) for the shared suite."""
