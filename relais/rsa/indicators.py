"""The RSA pathway's indicators (action sheet 5.2), registered with the core registry."""
