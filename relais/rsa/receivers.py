"""What the pathway does when other modules report something (signals)."""
