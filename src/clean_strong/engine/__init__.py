"""Compiling rules for durable-rules and running facts through it."""
