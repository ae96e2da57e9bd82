"""Reverse mode: a recording tape (a flat Wengert list) replayed backwards."""
