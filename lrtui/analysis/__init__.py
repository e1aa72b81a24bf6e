"""What the runs mean: minima and their curvature, verdicts in plain words, the chart
windows (views), the step written out (formula) and the η sweep."""
