"""What a user asks for and takes away: the scenario (inputs, checked once), its keys and
presets, lesson files, and the JSON/CSV export of a result."""
