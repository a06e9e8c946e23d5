"""The 发展党员 tab."""
