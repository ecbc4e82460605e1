"""Each framework's minimal hello-world app: the ceiling the real apps are measured against."""
