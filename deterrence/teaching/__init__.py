"""Teaching material: seeded exercise sheets with answer keys from the solvers."""
