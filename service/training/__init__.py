"""Training data helpers: the CheckThat! splits and the labelled groups models learn from."""
