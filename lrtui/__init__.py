"""lrtui: see what the learning rate does to gradient descent."""

__version__ = "0.1.0"
