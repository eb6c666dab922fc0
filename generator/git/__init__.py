"""Reading git: the history of the instance and the signatures of approval commits."""
