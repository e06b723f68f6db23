"""Harnesses the tests and the long reliability runs share: fuzz inputs and invariants, kills at
chosen points, rebuilds and load against a live server, scratch copies of the corpus. The tests
import them from here; ``bench/reliability.py`` runs them at full length."""
