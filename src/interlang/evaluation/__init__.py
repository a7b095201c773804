"""Judge predictions: metrics, splits, statistics, reports and plots (task-agnostic)."""
