"""Printed documents gathered from the database (one module per family); GUI, CLI and package call them."""
