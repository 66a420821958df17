"""Demo data: the Калининский programme of seed 000, demo accounts, synthetic programmes."""
