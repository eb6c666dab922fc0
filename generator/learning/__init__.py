"""学习强国 (learning platform) exports -> monthly records -> figures."""
