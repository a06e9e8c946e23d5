"""The 党费 tab."""
