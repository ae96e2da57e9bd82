"""Forward mode: dual numbers (value + tangent)."""
