"""What a user asks for and takes away: the scenario (its inputs, each read once into a value: the
model, the optimizers, the schedule), its keys and presets, lesson files, and the JSON/CSV export of a
result."""
