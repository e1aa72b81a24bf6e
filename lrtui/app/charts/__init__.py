"""Chart builders: pure functions drawing onto a plotext figure (no textual)."""
