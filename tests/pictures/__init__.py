"""Tests for the exercise picture engine (pure Python, no database)."""
